// Formats citations with citation-js 0.7 for tests/test_citation_processors.py.
// stdin: {"styles": {name: CSL XML}, "locale": [name, CSL locale XML], "inputs": {label: text}}; each input is
// BibTeX, RIS or CSL-JSON, which citation-js recognises by itself.
// stdout: {label: {"csl": the items citation-js read, style: plain-text bibliography entry, ...}}.
const { Cite, plugins } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-csl");

const request = JSON.parse(require("fs").readFileSync(0, "utf8"));
const templates = plugins.config.get("@csl").templates;
for (const [name, xml] of Object.entries(request.styles)) templates.add(name, xml);
const [lang, localeXml] = request.locale;
plugins.config.get("@csl").locales.add(lang, localeXml);
const out = {};
for (const [label, text] of Object.entries(request.inputs)) {
  const cite = new Cite(text);
  out[label] = { csl: cite.data };
  for (const name of Object.keys(request.styles)) {
    out[label][name] = cite.format("bibliography", { format: "text", template: name, lang }).trim();
  }
}
process.stdout.write(JSON.stringify(out));
