#include "analysis/irregular_forms.h"

#include <cstddef>
#include <unordered_map>

namespace fss::analysis {
namespace {

// Forms of one lemma at most.
constexpr size_t kMaxForms = 5;

struct Entry {
  const char* lemma;
  const char* forms[kMaxForms];  // null after the last
};

// A lemma and its forms that Snowball stems apart from it. Definite plurals are listed
// because Snowball strips -na and -erna to different stems than the indefinite.
constexpr Entry kEntries[] = {
    // Nouns: umlaut and other irregular plurals.
    {"bok", {"böcker", "böckerna"}},
    {"stad", {"städer", "städerna"}},
    {"natt", {"nätter", "nätterna"}},
    {"son", {"söner", "sönerna"}},
    {"bonde", {"bönder", "bönderna"}},
    {"bror", {"bröder", "bröderna"}},
    {"mor", {"mödrar", "mödrarna"}},
    {"far", {"fäder", "fäderna"}},
    {"dotter", {"döttrar", "döttrarna"}},
    {"ledamot", {"ledamöter", "ledamöterna"}},
    {"rot", {"rötter", "rötterna"}},
    {"fot", {"fötter", "fötterna"}},
    {"tand", {"tänder", "tänderna"}},
    {"hand", {"händer", "händerna"}},
    {"land", {"länder", "länderna"}},
    {"strand", {"stränder", "stränderna"}},
    {"brand", {"bränder", "bränderna"}},
    {"mus", {"möss", "mössen"}},
    {"gås", {"gäss", "gässen"}},
    {"lus", {"löss", "lössen"}},
    {"öga", {"ögon", "ögonen"}},
    {"öra", {"öron", "öronen"}},
    // Adjectives: comparison by umlaut, where the meaning stays.
    {"stor", {"större", "störst", "största"}},
    {"ung", {"yngre", "yngst", "yngsta"}},
    {"lång", {"längre", "längst", "längsta"}},
    {"hög", {"högre", "högst", "högsta"}},
    {"låg", {"lägre", "lägst", "lägsta"}},
    {"tung", {"tyngre", "tyngst", "tyngsta"}},
    // Verbs: past tense and supine (and the supine's passive) of strong and irregular
    // verbs.
    {"göra", {"gjorde", "gjort", "gjorts"}},
    {"se", {"såg", "sett", "setts"}},
    {"ta", {"tog", "tagit", "tagits"}},
    {"dra", {"dragit", "dragits"}},
    {"ge", {"gav", "gett", "givit", "getts", "givits"}},
    {"säga", {"sa", "sade", "sagt", "sagts"}},
    {"stå", {"stått"}},
    {"gå", {"gick", "gått"}},
    {"få", {"fick", "fått"}},
    {"komma", {"kom", "kommit"}},
    {"finna", {"fann", "funnit", "funnits"}},
    {"vinna", {"vann", "vunnit"}},
    {"ligga", {"legat"}},
    {"skriva", {"skrev", "skrivit", "skrivits"}},
    {"bära", {"burit", "burits"}},
    {"sätta", {"satte"}},
    {"lägga", {"lade", "lagt", "lagts"}},
    {"veta", {"visste"}},
    {"vilja", {"ville", "velat"}},
    {"kunna", {"kunde"}},
    {"välja", {"valde", "valt", "valts"}},
    {"sälja", {"sålde", "sålt"}},
    {"dö", {"dog", "dött"}},
    {"slå", {"slog", "slagit", "slagits"}},
    {"hålla", {"höll", "hållit", "hållits"}},
    {"falla", {"föll", "fallit"}},
    {"bryta", {"bröt", "brutit", "brutits"}},
    {"bjuda", {"bjöd", "bjudit"}},
    {"dricka", {"drack", "druckit"}},
    {"springa", {"sprang", "sprungit"}},
    {"sjunga", {"sjöng", "sjungit"}},
    {"flyga", {"flög", "flugit"}},
    {"gripa", {"grep", "gripit"}},
    {"stiga", {"stigit"}},
    {"hinna", {"hann", "hunnit"}},
    {"försvinna", {"försvann", "försvunnit"}},
    {"sticka", {"stack", "stuckit"}},
    {"sova", {"sovit"}},
    {"äta", {"ätit"}},
    {"låta", {"lät", "låtit"}},
    {"gråta", {"grät", "gråtit"}},
    {"ske", {"skedde", "skett"}},
    {"besluta", {"beslöt", "beslutit"}},
    {"förstå", {"förstod", "förstått"}},
    {"bestå", {"bestod", "bestått"}},
    {"uppstå", {"uppstod", "uppstått"}},
    {"ingå", {"ingick", "ingått"}},
    {"framgå", {"framgick", "framgått"}},
    {"innebära", {"innebar", "inneburit"}},
    {"föreslå", {"föreslog", "föreslagit", "föreslagits"}},
    {"anta", {"antog", "antagit", "antagits"}},
    {"delta", {"deltog", "deltagit"}},
    {"vidta", {"vidtog", "vidtagit", "vidtagits"}},
    {"erbjuda", {"erbjöd", "erbjudit"}},
    {"ansluta", {"anslöt", "anslutit"}},
    {"avgöra", {"avgjorde", "avgjort"}},
    {"tillsätta", {"tillsatte"}},
    {"genomgå", {"genomgick", "genomgått"}},
    {"åta", {"åtog", "åtagit"}},
};

const std::unordered_map<std::string, std::string>& by_form() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string, std::string>;
    for (const Entry& e : kEntries)
      for (const char* f : e.forms)
        if (f) m->emplace(f, e.lemma);
    return m;
  }();
  return *map;
}

}  // namespace

const std::string* irregular_lemma(std::string_view norm) {
  const auto& map = by_form();
  if (auto it = map.find(std::string(norm)); it != map.end()) return &it->second;
  // The genitive: "böckernas", "ledamöternas". A form ending in s is listed as itself.
  if (norm.size() > 1 && norm.back() == 's') {
    if (auto it = map.find(std::string(norm.substr(0, norm.size() - 1))); it != map.end())
      return &it->second;
  }
  return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& irregular_forms() {
  static const auto* pairs = [] {
    auto* v = new std::vector<std::pair<std::string, std::string>>;
    for (const Entry& e : kEntries)
      for (const char* f : e.forms)
        if (f) v->emplace_back(f, e.lemma);
    return v;
  }();
  return *pairs;
}

}  // namespace fss::analysis
