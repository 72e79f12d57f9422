-- wrk script for the suggestion endpoint: a mix of what people type into «Velg organisasjon»,
-- keystroke by keystroke (prefixes of names, several words, words in another order, æøå and
-- their spellings without, organisation numbers with and without spaces, typing mistakes).
local queries = {
  "ha", "han", "hans", "hanse", "hansen", "hansen b", "hansen by", "hansen bygg",
  "be", "ber", "berg", "bergen", "bergen r", "bergen rør", "bergen ror",
  "bygg hansen", "rør bergen", "ol", "ola", "ola h", "ola hansen",
  "no", "nor", "nordl", "nordlys", "nordlys ei", "nordlys eiendom",
  "ø", "øde", "ødegå", "ødegård", "odegaard", "ødegaard tr",
  "tr", "tro", "troms", "tromsø", "tromso", "tromsø sj", "tromsø sjømat",
  "bl", "blå", "blaa", "bla", "sm", "små", "smaabaathavn",
  "kar", "kari", "kari j", "kari johansen", "johansen kari",
  "800", "800 00", "800 000 0", "800000008", "810 123 45", "805 555 555",
  "hansne", "bregen", "elektor", "nygaard", "nygård elektro", "grønn", "gronn energi",
  "as", "holding", "invest", "eiendom", "kristiansand", "kristiansand bil",
  "stav", "stavanger", "stavanger it", "dagligvare", "drammen dagl", "fjord", "fjordreiser",
}
local paths = {}
for i, q in ipairs(queries) do
  paths[i] = "/api/organisasjoner/forslag?q=" .. q:gsub("[^%w]", function(c)
    return string.format("%%%02X", string.byte(c))
  end)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n * 7919) % #paths + 1])
end
