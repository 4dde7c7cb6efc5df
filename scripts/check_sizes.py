#!/usr/bin/env python3
"""check_sizes.py [--max-file-lines N] [--max-function-lines N] [ROOT]

Fails (exit 1), naming file, line and function, when a C++ file (.h, .cc, .hpp, .cpp)
under ROOT's src/, include/, cli/, indexer/, searchd/, tests/ or bench/ has more than 400
lines, or a function more than 80: files of 100 to 400 lines, functions that fit on a
screen (issue 24). ROOT defaults to the checkout this script is in.

A function is found by a heuristic, not a parser: comments, strings, character literals
and preprocessor lines are blanked out first, then a '{' outside any function body whose
head (the text since the last ';', '{' or '}') ends in ')' plus qualifiers (const,
noexcept, override, a trailing return type, an annotation macro such as
EXCLUSIVE_LOCKS_REQUIRED(mu_)) or carries a constructor's initializer list is a function
body: free functions, member functions, lambdas at namespace scope, TEST(...) bodies;
a brace inside parentheses or a constructor's initializer list is a value's. Its
length is from the line of '{' to the line of its '}', both counted. Lambdas and local
classes inside a function count as part of it. Class, namespace and aggregate braces are
not functions.
"""
import argparse
import os
import re
import sys

DIRS = ("src", "include", "cli", "indexer", "searchd", "tests", "bench")
EXTENSIONS = (".h", ".cc", ".hpp", ".cpp")


def blank_out(text):
    """Returns text with comments, string and character literals and preprocessor lines
    replaced by spaces; newlines are kept, so line numbers do not move."""
    out = []
    i, n = 0, len(text)
    line_start = True  # only whitespace since the last newline
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            line_start = True
            i += 1
            continue
        if line_start and c == "#":
            # A directive, with its backslash continuations.
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append(" \n")
                    i += 2
                    continue
                out.append(" ")
                i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(_keep_newlines(text[i:j]))
            i = j
        elif c == '"' and _raw_prefix(text, i):
            m = re.compile(r'"([^()\\\s]{0,16})\(').match(text, i)
            if m:
                end = text.find(")" + m.group(1) + '"', m.end())
                j = n if end < 0 else end + len(m.group(1)) + 2
                out.append('"' + _keep_newlines(text[i + 1:j - 1]) + '"')
                i = j
            else:
                out.append(c)
                i += 1
        elif c == '"' or (c == "'" and not _digit_separator(text, i)):
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            closed = j < n and text[j] == c
            j = j + 1 if closed else j  # an unclosed literal ends at the newline
            out.append(c + " " * max(0, j - i - 1 - closed) + (c if closed else ""))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _keep_newlines(s):
    return re.sub(r"[^\n]", " ", s)


def _raw_prefix(text, i):
    """True when the quote at i opens a raw string: R", u8R", LR", uR", UR"."""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    return text[j:i] in ("R", "u8R", "uR", "UR", "LR")


def _digit_separator(text, i):
    """True when the ' at i is a digit separator (1'000) rather than a literal."""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "_'"):
        j -= 1
    return j < i and text[j].isdigit()


CONTROL = re.compile(r"^(?:if|for|while|switch|catch|else|do|try|return)\b")
TRAILING = re.compile(
    r"(?:\s+|\bconst|\boverride|\bfinal|\bmutable|\bnoexcept(?:\s*\([^()]*\))?|&&?"
    r"|->\s*[\w:<>,\s*&]+|\b[A-Z][A-Z0-9_]*\s*\([^()]*\))$")
LEADING = re.compile(r"\s*(?:(?:public|private|protected)\s*:(?!:)\s*)*")
CTOR_INIT = re.compile(r"\)\s*(?:noexcept\s*)?:(?!:)")


def is_function_head(head):
    h = head.strip()
    if not h or CONTROL.match(h):
        return False
    if CTOR_INIT.search(h) and (h.endswith(")") or h.endswith("}")):
        return True
    while True:  # take qualifiers off the end; an annotation macro is never all of it
        m = TRAILING.search(h)
        if not m or not m.group(0) or not h[:m.start()].strip():
            break
        h = h[:m.start()]
    return h.endswith(")")


def is_member_init_brace(head):
    """A brace of a constructor's initializer list (`: a_{x}, b_{y}`), not its body."""
    h = head.rstrip()
    return bool(CTOR_INIT.search(h)) and bool(re.search(r"[\w>]$", h))


def function_name(head):
    h = " ".join(head.split())
    lam = re.search(r"(\w+)\s*=\s*\[[^\]]*\]", h)
    if lam:
        return lam.group(1) + " (lambda)"
    if re.match(r"^\[[^\]]*\]", h):
        return "a lambda"
    m = re.search(r"((?:~|\b)[\w:~]*(?:operator\s*\S+?)?)\s*\(", h)
    if not m or not m.group(1):
        return "a function"
    name = m.group(1)
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", name):  # TEST(Suite, Name) and the like
        args = re.match(r"\(([^()]*)\)", h[m.end() - 1:])
        return name + "(" + (args.group(1) if args else "") + ")"
    return name


def functions(text):
    """Yields (name, first line of its head, number of lines) of every function body."""
    code = blank_out(text)
    stack = []  # per open brace: "fn", "init" (of a value, inside a head) or "other"
    stmt_start = 0
    parens = 0  # open parentheses since stmt_start: a brace inside them is a value's
    line = 1
    brace_line = []
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c == "(":
            parens += 1
        elif c == ")":
            parens -= 1
        elif c == ";":
            stmt_start = i + 1
            parens = 0
        elif c == "{":
            inside_fn = "fn" in stack
            head = code[stmt_start:i]
            if inside_fn:
                kind = "other"
            elif parens > 0 or is_member_init_brace(head):
                kind = "init"
            elif is_function_head(head):
                kind = "fn"
                start = stmt_start + LEADING.match(head).end()
                head_line = code.count("\n", 0, start) + 1
                brace_line.append((function_name(head), head_line, line))
            else:
                kind = "other"
            stack.append(kind)
            if kind != "init":
                stmt_start = i + 1
                parens = 0
        elif c == "}":
            kind = stack.pop() if stack else "other"
            if kind == "fn":
                name, head_line, first = brace_line.pop()
                yield name, head_line, line - first + 1
            if kind != "init":
                stmt_start = i + 1
                parens = 0


def check_file(path, max_file_lines, max_function_lines, shown=None):
    """Returns the messages for one file: too many lines, each function too long."""
    shown = shown or path
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    problems = []
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if lines > max_file_lines:
        problems.append(f"{shown}: {lines} lines, over {max_file_lines}")
    for name, head_line, length in functions(text):
        if length > max_function_lines:
            problems.append(f"{shown}:{head_line}: {name} has {length} lines, "
                            f"over {max_function_lines}")
    return problems


def source_files(root):
    for d in DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(EXTENSIONS):
                    yield os.path.join(dirpath, name)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-file-lines", type=int, default=400)
    parser.add_argument("--max-function-lines", type=int, default=80)
    parser.add_argument("root", nargs="?",
                        default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = parser.parse_args(argv)
    problems = []
    count = 0
    for path in source_files(args.root):
        count += 1
        problems += check_file(path, args.max_file_lines, args.max_function_lines,
                               os.path.relpath(path, args.root))
    if count == 0:
        print(f"check_sizes: no C++ files under {args.root}", file=sys.stderr)
        return 1
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_sizes: {len(problems)} problem(s) in {count} files", file=sys.stderr)
        return 1
    print(f"check_sizes: {count} files, none over {args.max_file_lines} lines, "
          f"no function over {args.max_function_lines}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
