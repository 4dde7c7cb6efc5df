#!/usr/bin/env python3
"""Tests of check_sizes.py on small samples: which braces are functions and how long they
are, the file-length limit at its edge, and the script's exit status on a throwaway tree.
Each case prints its input when it fails."""
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_sizes  # noqa: E402


def body(n):
    """n lines of statements, for a body whose braces add two lines."""
    return "".join(f"  x += {i};\n" for i in range(n))


# (what, source, the functions found as (name, head line, lines)).
FUNCTION_CASES = [
    ("a free function", "int f(int x) {\n" + body(3) + "}\n", [("f", 1, 5)]),
    ("a qualified member, head on two lines",
     "// comment\nstd::vector<int> Foo::bar(\n    int a) const {\n" + body(2) + "}\n",
     [("Foo::bar", 2, 4)]),
    ("braces in strings, characters, comments and a raw string do not count",
     'void f() {\n  s = "{{";\n  c = \'}\';\n  // }\n  /* { */\n  r = R"x(})x";\n}\n',
     [("f", 1, 7)]),
    ("a lambda inside a function is part of it",
     "void f() {\n  auto g = [&](int a) {\n" + body(2) + "  };\n}\n", [("f", 1, 6)]),
    ("class, namespace and member functions",
     "namespace a {\nclass C : public B {\n public:\n  int g() const override {\n"
     "    return 1;\n  }\n  int v_{0};\n};\n}  // namespace a\n",
     [("g", 4, 3)]),
    ("a table at namespace scope is no function",
     "const std::vector<E> kTable = {\n" + '  {"a", {"b"}},\n' * 100 + "};\n", []),
    ("a table inside a function is part of it",
     "const std::vector<E>& entries() {\n  static const std::vector<E> t = {\n"
     + '      {"a", {"b"}},\n' * 3 + "  };\n  return t;\n}\n",
     [("entries", 1, 8)]),
    ("a constructor whose initializer list has braces",
     "Foo::Foo(int a)\n    : a_{a},\n      b_(a) {\n" + body(1) + "}\n",
     [("Foo::Foo", 1, 3)]),
    ("annotations and noexcept after the parameters",
     "void f() const EXCLUSIVE_LOCKS_REQUIRED(mu_) {\n}\nvoid g() noexcept {\n}\n"
     "auto h() -> std::string {\n}\n",
     [("f", 1, 2), ("g", 3, 2), ("h", 5, 2)]),
    ("a test body and a lambda at namespace scope",
     "TEST(Suite, Name) {\n}\nconst auto kF = [](int a) {\n  return a;\n};\n",
     [("TEST(Suite, Name)", 1, 2), ("kF (lambda)", 3, 3)]),
    ("preprocessor lines are no code",
     "#define BLOCK(x) {\n#if 0\n}\n#endif\nint f() { return 0; }\n", [("f", 5, 1)]),
    ("digit separators are no character literals",
     "int f() {\n  return 1'000;\n}\nint g() {\n}\n", [("f", 1, 3), ("g", 4, 2)]),
    ("braces of a default argument are part of the head",
     "void f(Options o = {}, int n = int{2}) {\n" + body(1) + "}\n", [("f", 1, 3)]),
    ("a lambda passed at namespace scope is no function of its own",
     "const bool kReg = add([] {\n  return 1;\n});\nint g() {\n}\n", [("g", 4, 2)]),
    ("control statements at the top of a body are not functions of their own",
     "void f() {\n  if (a) {\n  }\n  for (;;) {\n  }\n}\n", [("f", 1, 6)]),
]


class FunctionsTest(unittest.TestCase):
    def test_functions(self):
        for what, source, expected in FUNCTION_CASES:
            with self.subTest(what=what, source=source):
                self.assertEqual(list(check_sizes.functions(source)), expected,
                                 f"{what}; input:\n{source}")


class CheckFileTest(unittest.TestCase):
    def check(self, source, max_file=400, max_function=80):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "a.cc")
            with open(path, "w") as f:
                f.write(source)
            return check_sizes.check_file(path, max_file, max_function, "a.cc")

    def test_limits_at_their_edge(self):
        fn = lambda lines: "void f() {\n" + body(lines - 2) + "}\n"  # noqa: E731
        cases = [
            ("400 lines", "\n" * 400, []),
            ("401 lines", "\n" * 401, ["a.cc: 401 lines, over 400"]),
            ("401 lines, no final newline", "\n" * 400 + "x", ["a.cc: 401 lines, over 400"]),
            ("a function of 80 lines", fn(80), []),
            ("a function of 81 lines", fn(81), ["a.cc:1: f has 81 lines, over 80"]),
        ]
        for what, source, expected in cases:
            with self.subTest(what=what):
                self.assertEqual(self.check(source), expected, f"{what}; input:\n{source}")


class MainTest(unittest.TestCase):
    def run_main(self, files):
        with tempfile.TemporaryDirectory() as root:
            for name, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
                with open(os.path.join(root, name), "w") as f:
                    f.write(text)
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                status = check_sizes.main([root])
            return status, err.getvalue()

    def test_exit_status(self):
        long_fn = "void g() {\n" + body(90) + "}\n"
        cases = [
            ("small files pass", {"src/a/a.cc": "int f() { return 0; }\n"}, 0, ""),
            ("a long file fails", {"cli/b.h": "\n" * 500}, 1, "cli/b.h: 500 lines, over 400"),
            ("a long function fails", {"searchd/c.cc": long_fn}, 1,
             "searchd/c.cc:1: g has 92 lines, over 80"),
            ("a long test file fails", {"tests/t.cc": "\n" * 500}, 1,
             "tests/t.cc: 500 lines, over 400"),
            ("a long benchmark function fails", {"bench/b.cc": long_fn}, 1,
             "bench/b.cc:1: g has 92 lines, over 80"),
            ("other folders and file kinds are not read",
             {"doc/t.cc": "\n" * 500, "tests/notes.md": "\n" * 500,
              "src/a/notes.txt": "\n" * 500, "include/fss/x.h": "\n"}, 0, ""),
            ("a tree without C++ files fails", {"README": "\n"}, 1, "no C++ files"),
        ]
        for what, files, status, message in cases:
            with self.subTest(what=what, files=list(files)):
                got_status, err = self.run_main(files)
                self.assertEqual(got_status, status, f"{what}:\n{err}")
                self.assertIn(message, err, what)


if __name__ == "__main__":
    unittest.main()
