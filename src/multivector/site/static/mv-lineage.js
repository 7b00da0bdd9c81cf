/* Figure lineage: every glued number ([data-lineage]) becomes a button that opens, below its paragraph, the
   formula in words, the input values with file, line and column, the data package version and the sources.
   Disclosure pattern: aria-expanded and aria-controls on the button; Escape closes and returns focus. The button is a
   span with role=button (Enter and Space press it), so that a figure of several words still wraps as the text did.
   On a translated page the sources blob carries the pop-up's words ("words", by their English) and the notes on a
   lineage whose words stayed English ("notes", by the lineage's "translation" state); an English page carries none. */
(function () {
  "use strict";
  var blob = document.getElementById("mv-lineage-sources");
  if (!blob) return;
  var sources = JSON.parse(blob.textContent);
  var count = 0;
  var words = sources.words || {};
  var notes = sources.notes || {};

  // A word of the pop-up in the page's language, its {name} places filled with the values given.
  function say(english, values) {
    var text = words[english] || english;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function link(href, text) { return el("a", { href: href }, [text]); }

  function panelFor(button, lineage, id) {
    var figure = button.firstChild.textContent;
    var panel = el("div", { id: id, class: "mv-lineage-panel", role: "region", tabindex: "-1",
                            "aria-label": say("Where {figure} comes from", { figure: figure }) });
    if (lineage.translation && notes[lineage.translation]) {
      panel.appendChild(el("p", { class: "mv-lineage-note" }, [notes[lineage.translation]]));
    }
    panel.appendChild(el("p", {}, [el("strong", {}, [say("Formula:") + " "]), lineage.formula]));
    var inputs = el("ul", { class: "mv-lineage-inputs" });
    var used = [];
    lineage.inputs.forEach(function (i) {
      if (i.kind === "param") {
        inputs.appendChild(el("li", { "data-kind": "param" }, [say("Parameter") + " ", el("code", {}, [i.name]), " = ", i.value]));
        return;
      }
      if (used.indexOf(i.resource) < 0) used.push(i.resource);
      inputs.appendChild(el("li", { "data-kind": "input", "data-path": i.path, "data-line": String(i.line),
                                    "data-column": i.column, "data-value": i.value }, [
        i.label + " = ", el("strong", {}, [i.value]),
        " (", el("code", {}, [i.path]), ", " + say("line") + " " + i.line + " (" + i.row + "), " + say("column") + " ",
        el("code", {}, [i.column]), ")"]));
    });
    panel.appendChild(el("p", {}, [el("strong", {}, [say("Inputs:")])]));
    panel.appendChild(inputs);
    panel.appendChild(el("p", {}, [say("Data package version") + " ", el("strong", { class: "mv-lineage-version" },
                                                                  [sources.version]), "."]));
    if (used.length) {
      var list = el("ul", { class: "mv-lineage-sources" });
      used.forEach(function (name) {
        var r = sources.resources[name];
        if (!r) return;
        var item = el("li", {}, [r.title + ": ", link(r.appendix, say("data sources appendix")), " · ",
                                 link(r.csv, say("download {file}", { file: r.file }))]);
        r.origins.forEach(function (o) { item.appendChild(document.createTextNode(" · ")); item.appendChild(link(o.url, say("origin: {title}", { title: o.title }))); });
        list.appendChild(item);
      });
      panel.appendChild(el("p", {}, [el("strong", {}, [say("Sources:")])]));
      panel.appendChild(list);
    }
    var close = el("button", { type: "button", class: "mv-lineage-close" }, [say("Close")]);
    close.addEventListener("click", function () { toggle(button, false); });
    panel.appendChild(close);
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); toggle(button, false); }
    });
    return panel;
  }

  function toggle(button, open) {
    var id = button.getAttribute("aria-controls");
    var panel = document.getElementById(id);
    if (open) {
      document.querySelectorAll(".mv-lineage-button[aria-expanded=true]").forEach(function (b) {
        if (b !== button) toggle(b, false);
      });
      if (!panel) {
        panel = panelFor(button, JSON.parse(button.parentNode.getAttribute("data-lineage")), id);
        // Below the paragraph, so that the text around the number stays in place; at the end of a list item or cell.
        var para = button.closest("p");
        if (para) para.parentNode.insertBefore(panel, para.nextSibling);
        else (button.closest("li, td, dd") || button.parentNode.parentNode).appendChild(panel);
      }
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      panel.focus();
    } else {
      if (panel) panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  }

  document.querySelectorAll("[data-lineage]").forEach(function (span) {
    var id = "mv-lineage-" + (++count);
    var button = el("span", { role: "button", tabindex: "0", class: "mv-lineage-button", "aria-expanded": "false",
                              "aria-controls": id });
    while (span.firstChild) button.appendChild(span.firstChild);
    button.appendChild(el("span", { class: "mv-visually-hidden" }, [" (" + say("show where this figure comes from") + ")"]));
    span.appendChild(button);
    function press() { toggle(button, button.getAttribute("aria-expanded") !== "true"); }
    button.addEventListener("click", press);
    button.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); press(); }
      else if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") { e.preventDefault(); toggle(button, false); }
    });
  });
})();
