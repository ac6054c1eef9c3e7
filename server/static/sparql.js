// The query page: a YASQE editor (when installed), the example gallery, a results table whose
// IRIs link to entity pages by their labels, download links and a permalink in the URL.
// Nothing here talks to any host but this server: YASQE's prefix.cc and LOV look-ups are off,
// prefix completion uses the server's own prefix table. Only http(s) IRIs become links, and a
// query that a link carries runs by itself only when the server says it is small (autorun).
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("kg-settings").textContent);
  const examples = JSON.parse(document.getElementById("kg-examples").textContent);
  const statusEl = document.getElementById("status");
  const resultsEl = document.getElementById("results");
  const downloadsEl = document.getElementById("downloads");
  const permalinkEl = document.getElementById("permalink");
  const FORMATS_FOR = {
    solutions: ["srj", "srx", "csv", "tsv"],
    boolean: ["srj", "srx"],
    graph: ["ttl", "nt", "jsonld", "rdf"],
  };
  const WEB_IRI = /^https?:\/\//i; // the only IRIs that become links
  const LOCAL_PATH = /^\/(?!\/)/; // a path on this server, not //other-host
  const MAX_ROWS_SHOWN = 5000; // the page stays responsive; downloads carry everything
  const DEFAULT_QUERY =
    "PREFIX kg: <https://w3id.org/kamergraph/def#>\n" +
    "SELECT ?class (COUNT(?thing) AS ?things) WHERE {\n  ?thing a ?class .\n}\n" +
    "GROUP BY ?class ORDER BY DESC(?things)";

  function makeEditor() {
    const host = document.getElementById("editor");
    if (!window.Yasqe) {
      const area = document.getElementById("plain-editor");
      return { get: () => area.value, set: (text) => { area.value = text; } };
    }
    const Yasqe = window.Yasqe;
    const prefixList = Object.entries(settings.prefixes).map(([p, ns]) => p + ": <" + ns + ">").sort();
    Yasqe.registerAutocompleter(
      Object.assign({}, Yasqe.Autocompleters.prefixes, {
        name: "kgprefixes",
        get: () => Promise.resolve(prefixList),
      }),
      false
    );
    Yasqe.defaults.autocompleters = ["kgprefixes", "variables"];
    const keys = Object.assign({}, Yasqe.defaults.extraKeys, { "Ctrl-Enter": run, "Cmd-Enter": run });
    const yasqe = new Yasqe(host, {
      value: DEFAULT_QUERY,
      persistenceId: null,
      showQueryButton: false,
      prefixCcApi: null,
      consumeShareLink: null,
      createShareableLink: null,
      editorHeight: "280px",
      extraKeys: keys,
    });
    return { get: () => yasqe.getValue(), set: (text) => yasqe.setValue(text) };
  }

  const editor = makeEditor();

  function queryUrl(query, format) {
    const params = new URLSearchParams({ query: query });
    if (format) params.set("format", format);
    return settings.endpoint + "?" + params.toString();
  }

  function showDownloads(query, form) {
    const wanted = FORMATS_FOR[form] || [];
    downloadsEl.querySelectorAll("a[data-format]").forEach((a) => {
      a.hidden = wanted.indexOf(a.dataset.format) < 0;
      a.href = queryUrl(query, a.dataset.format);
    });
    downloadsEl.hidden = false;
  }

  function compact(iri) {
    for (const [prefix, ns] of Object.entries(settings.prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function cell(binding, links) {
    const td = document.createElement("td");
    if (!binding) return td;
    if (binding.type === "uri" && WEB_IRI.test(binding.value)) {
      const a = document.createElement("a");
      a.href = binding.value;
      a.title = binding.value;
      a.textContent = compact(binding.value);
      a.dataset.iri = binding.value;
      links.push(a);
      td.appendChild(a);
    } else if (binding.type === "uri") {
      // javascript:, data: and other schemes come from data: shown, never linked
      const span = document.createElement("span");
      span.className = "iri";
      span.title = binding.value;
      span.textContent = compact(binding.value);
      td.appendChild(span);
    } else {
      td.textContent = binding.value;
      if (binding["xml:lang"]) td.title = "@" + binding["xml:lang"];
    }
    return td;
  }

  async function labelLinks(links) {
    const iris = Array.from(new Set(links.map((a) => a.dataset.iri))).slice(0, 2000);
    if (!iris.length) return;
    const response = await fetch(settings.labels, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ iris: iris }),
    });
    if (!response.ok) return;
    const found = await response.json();
    links.forEach((a) => {
      const iri = a.dataset.iri;
      if (LOCAL_PATH.test(found.pages[iri] || "")) a.href = found.pages[iri];
      if (found.labels[iri]) a.textContent = found.labels[iri];
    });
  }

  function showTable(data) {
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    data.head.vars.forEach((v) => {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    });
    const body = table.createTBody();
    const links = [];
    const total = data.results.bindings.length;
    data.results.bindings.slice(0, MAX_ROWS_SHOWN).forEach((binding) => {
      const row = body.insertRow();
      data.head.vars.forEach((v) => row.appendChild(cell(binding[v], links)));
    });
    resultsEl.replaceChildren(table);
    statusEl.textContent =
      total > MAX_ROWS_SHOWN
        ? "showing " + MAX_ROWS_SHOWN + " of " + total + " rows (download for all)"
        : total + " rows";
    return labelLinks(links);
  }

  function showText(text, className) {
    const pre = document.createElement("pre");
    pre.className = className || "graph";
    pre.textContent = text;
    resultsEl.replaceChildren(pre);
  }

  async function run() {
    const query = editor.get();
    const permalink = queryUrl(query);
    history.replaceState(null, "", permalink);
    permalinkEl.href = permalink;
    statusEl.textContent = "Running…";
    const response = await fetch(settings.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query: query }),
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      statusEl.textContent = "Error " + response.status;
      showText(await response.text(), "error");
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) {
        showDownloads(query, "boolean");
        statusEl.textContent = "";
        showText(String(data.boolean), "boolean");
        return;
      }
      showDownloads(query, "solutions");
      await showTable(data);
    } else {
      showDownloads(query, "graph");
      statusEl.textContent = "";
      showText(await response.text());
    }
  }

  document.getElementById("run").addEventListener("click", run);
  document.querySelectorAll(".example-load").forEach((button) => {
    button.addEventListener("click", () => {
      const example = examples.find((e) => e.name === button.dataset.name);
      editor.set(example.text);
      run();
    });
  });
  if (settings.query) {
    // A link's query runs by itself only when the server found it short and plain; any other
    // waits for the visitor, who sees it first (a link must not run queries in their name).
    editor.set(settings.query);
    if (settings.autorun) {
      run();
    } else {
      statusEl.textContent = "This link carries a query: read it, then press Run query.";
    }
  } else {
    editor.set(DEFAULT_QUERY);
  }
})();
