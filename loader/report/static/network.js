/* The who-met-whom network: Cytoscape.js over window.NEWSGRAPH_NETWORK.
   Status is shown by colour (Okabe–Ito) and by line style, so it survives
   colour blindness; the table under the graph is its text alternative. */
(function () {
  "use strict";
  var data = window.NEWSGRAPH_NETWORK || { nodes: [], edges: [] };
  var COLOURS = { held: "#0072B2", planned: "#009E73", postponed: "#E69F00",
    proposed: "#CC79A7", cancelled: "#D55E00", adopted: "#56B4E9", failed: "#000000" };
  // [line-style, dash pattern], as in report.css: cancelled and proposed dashed, planned dotted.
  var LINES = { held: ["solid"], planned: ["dotted"], postponed: ["dashed", [8, 3, 2, 3]],
    proposed: ["dashed", [8, 4]], cancelled: ["dashed", [3, 3]], adopted: ["dashed", [14, 3]],
    failed: ["dashed", [10, 3, 2, 3, 2, 3]] };
  var SHAPES = { person: "ellipse", state: "round-rectangle",
    "international-organization": "hexagon", "government-body": "diamond",
    company: "triangle", "media-outlet": "star" };
  var container = document.getElementById("network");
  var big = data.nodes.length > 150 || data.edges.length > 1500;
  var style = [
    { selector: "node", style: {
      label: "data(label)", width: "data(size)", height: "data(size)",
      "background-color": "#f4f4f4", "border-color": "#333", "border-width": 2,
      "font-size": 13, "text-valign": "bottom", "text-margin-y": 3,
      "text-background-color": "#fff", "text-background-opacity": 0.8,
      "min-zoomed-font-size": 8 } },
    { selector: "edge", style: {
      width: "mapData(sources, 1, 6, 2, 9)", "curve-style": big ? "haystack" : "bezier",
      opacity: 0.85 } },
    { selector: ":selected", style: { "overlay-color": "#005fcc", "overlay-opacity": 0.25,
      "overlay-padding": 6 } },
  ];
  style.push({ selector: 'edge[status = "mixed"]', style: { "line-color": "#777777" } });
  Object.keys(SHAPES).forEach(function (type) {
    style.push({ selector: 'node[type = "' + type + '"]', style: { shape: SHAPES[type] } });
  });
  Object.keys(COLOURS).forEach(function (status) {
    var line = LINES[status] || ["solid"];
    var s = { "line-color": COLOURS[status], "line-style": line[0] };
    if (line[1]) { s["line-dash-pattern"] = line[1]; }
    style.push({ selector: 'edge[status = "' + status + '"]', style: s });
  });
  var cy = cytoscape({
    container: container,
    elements: { nodes: data.nodes, edges: data.edges },
    style: style,
    layout: big ? { name: "concentric", concentric: function (n) { return n.data("meetings"); },
      levelWidth: function () { return 4; }, animate: false }
      : { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 120000; },
      idealEdgeLength: function () { return 110; }, nodeOverlap: 20, padding: 30, gravity: 40, numIter: 2000 },
    hideEdgesOnViewport: big,
  });
  window.newsgraphNetwork = cy;

  function open(ele) { if (ele.data("href")) { window.location.href = ele.data("href"); } }
  cy.on("tap", "edge", function (evt) { open(evt.target); });
  cy.on("tap", "node", function (evt) { open(evt.target); });
  cy.on("mouseover", "edge, node", function () { container.style.cursor = "pointer"; });
  cy.on("mouseout", "edge, node", function () { container.style.cursor = ""; });

  // Keyboard: arrows walk the visible meetings, Enter opens the selected one.
  var live = document.getElementById("network-status");
  var current = -1;
  function visibleEdges() { return cy.edges(":visible").sort(function (a, b) {
    return (a.data("earliest") || "").localeCompare(b.data("earliest") || "") ||
      a.id().localeCompare(b.id()); }); }
  function describe(e, i, n) {
    return "Meeting " + (i + 1) + " of " + n + ": " + e.data("label") + ", " +
      e.data("status") + ", " + e.data("sources") + " source(s). Press Enter to open it.";
  }
  container.addEventListener("keydown", function (ev) {
    var edges = visibleEdges();
    if (!edges.length) { return; }
    if (["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"].indexOf(ev.key) >= 0) {
      var step = (ev.key === "ArrowRight" || ev.key === "ArrowDown") ? 1 : -1;
      current = (current + step + edges.length) % edges.length;
      cy.elements().unselect();
      var e = edges[current];
      e.select();
      live.textContent = describe(e, current, edges.length);
      ev.preventDefault();
    } else if (ev.key === "Enter" && current >= 0 && current < edges.length) {
      open(edges[current]);
    } else if (ev.key === "Escape") {
      cy.elements().unselect(); current = -1; live.textContent = "";
    }
  });

  // Filters: time window (overlap of the meeting's interval), status, actor type.
  var form = document.getElementById("filters");
  function apply() {
    var from = document.getElementById("f-from").value;
    var to = document.getElementById("f-to").value;
    var statuses = {}, types = {};
    form.querySelectorAll('input[name="status"]').forEach(function (i) { statuses[i.value] = i.checked; });
    form.querySelectorAll('input[name="type"]').forEach(function (i) { types[i.value] = i.checked; });
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.style("display", types[n.data("type")] === false ? "none" : "element"); });
      cy.edges().forEach(function (e) {
        var ok = (e.data("statuses") || [e.data("status")]).some(function (s) { return statuses[s] !== false; });
        if (ok && (from || to)) {
          var lo = e.data("earliest"), hi = e.data("latest");
          ok = !!lo && (!from || hi >= from) && (!to || lo <= to);
        }
        ok = ok && e.source().style("display") !== "none" && e.target().style("display") !== "none";
        e.style("display", ok ? "element" : "none");
      });
    });
    current = -1;
    live.textContent = cy.edges(":visible").length + " of " + cy.edges().length + " meeting edges shown.";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
})();
