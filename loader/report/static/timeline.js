/* The timeline: an SVG drawn from window.NEWSGRAPH_TIMELINE. A bar runs from the
   start of its earliest possible day to the end of its latest (a month-precision
   fact spans its month); conflicting sources each get a bar of their own colour;
   statements are points. Every mark is a link with a text label. */
(function () {
  "use strict";
  var items = window.NEWSGRAPH_TIMELINE || [];
  var NS = "http://www.w3.org/2000/svg";
  var COLOURS = { held: "#0072B2", planned: "#009E73", postponed: "#E69F00",
    proposed: "#CC79A7", cancelled: "#D55E00", adopted: "#56B4E9", failed: "#000000",
    drafting: "#009E73", "in-force": "#0072B2", extended: "#56B4E9", lifted: "#666666",
    expired: "#999999" };  // as in report.css, whose classes give each status its line style
  var SOURCE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];
  var DAY = 86400000, LABEL = 280, ROW = 20, PAGE = 300;
  var root = document.getElementById("timeline");
  var page = 0;

  function day(s) { return Date.parse(s.slice(0, 10) + "T00:00:00Z") / DAY; }
  function iso(d) { return new Date(d * DAY).toISOString().slice(0, 10); }
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function span(item) {
    var lo = day(item.earliest), hi = day(item.latest || item.earliest) + 1;
    item.claims.forEach(function (c) { lo = Math.min(lo, day(c.earliest)); hi = Math.max(hi, day(c.latest) + 1); });
    return [lo, hi];
  }
  if (!items.length) { root.textContent = "No dated facts in this report."; return; }
  var first = Infinity, last = -Infinity;
  items.forEach(function (i) { var s = span(i); first = Math.min(first, s[0]); last = Math.max(last, s[1]); });
  var d0 = new Date(first * DAY), d1 = new Date((last - 1) * DAY);
  var start = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), 1) / DAY;
  var end = Date.UTC(d1.getUTCFullYear(), d1.getUTCMonth() + 1, 1) / DAY;
  var width = Math.max(900, Math.min(7000, (end - start) * 3));
  function x(d) { return LABEL + (d - start) / (end - start) * width; }

  function lanes(group) {
    var out = [];
    if (group === "actor") {
      var by = {};
      items.forEach(function (i) { i.actors.forEach(function (a) { if (a) { (by[a] = by[a] || []).push(i); } }); });
      Object.keys(by).sort().forEach(function (a) { out.push({ label: a, items: by[a] }); });
    } else {
      var points = [];
      items.forEach(function (i) {
        if (i.type === "statement") { points.push(i); } else { out.push({ label: i.title, items: [i] }); }
      });
      if (points.length) { out.push({ label: "Statements", items: points }); }
    }
    return out;
  }
  function pack(laneItems) {   // greedy rows: an item goes in the first row it does not overlap
    var ends = [], rows = [];
    laneItems.slice().sort(function (a, b) { return span(a)[0] - span(b)[0]; }).forEach(function (i) {
      var s = span(i), x0 = x(s[0]), x1 = Math.max(x(s[1]), x0 + 10) + 4, r = 0;
      while (r < ends.length && ends[r] > x0) { r++; }
      ends[r] = x1; rows.push([i, r]);
    });
    return { rows: rows, height: Math.max(1, ends.length) };
  }
  function label(i) {
    var when = i.earliest === i.latest || !i.latest ? i.earliest : i.earliest + " to " + i.latest;
    return i.title + " — " + i.status + ", " + when + (i.precision ? " (" + i.precision + ")" : "") +
      (i.claims.length ? "; sources disagree on the date: " + i.claims.map(function (c) {
        return c.source + " " + (c.earliest === c.latest ? c.earliest : c.earliest + " to " + c.latest);
      }).join("; ") : "");
  }
  function draw(group) {
    var all = lanes(group), pages = Math.ceil(all.length / PAGE);
    page = Math.min(page, pages - 1);
    var shown = all.slice(page * PAGE, (page + 1) * PAGE);
    var packed = shown.map(function (l) { return pack(l.items); });
    var height = 40 + packed.reduce(function (s, p) { return s + p.height * ROW + 6; }, 0);
    root.textContent = "";
    var svg = el("svg", { width: LABEL + width + 20, height: height, role: "group",
      "aria-label": "Timeline of " + items.length + " facts, grouped by " + group }, root);
    var d = new Date(start * DAY), months = (end - start) / 30.4;
    while (d.getTime() / DAY <= end) {
      var m = d.getTime() / DAY, year = d.getUTCMonth() === 0, key = iso(m).slice(0, 7);
      el("line", { class: "grid" + (year ? " year" : ""), "data-month": key, x1: x(m), x2: x(m), y1: 20, y2: height }, svg);
      if (m < end && (year || width / months > 28)) {
        var t = el("text", { x: x(m) + 2, y: 14 }, svg);
        t.textContent = year || m === start || width / months <= 60 ? key : key.slice(5);
      }
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    }
    var y = 30;
    shown.forEach(function (lane, li) {
      var t = el("text", { class: "lane-label", x: 4, y: y + 14 }, svg);
      t.textContent = lane.label.length > 40 ? lane.label.slice(0, 39) + "…" : lane.label;
      packed[li].rows.forEach(function (pair) {
        var i = pair[0], top = y + pair[1] * ROW;
        var a = el(i.href ? "a" : "g", i.href ? { href: i.href, "aria-label": label(i) }
          : { role: "img", "aria-label": label(i) }, svg);
        el("title", {}, a).textContent = label(i);
        if (i.type === "statement") {
          el("circle", { class: "point", cx: x(day(i.earliest) + 0.5), cy: top + ROW / 2 - 2, r: 5,
            fill: "#444", "data-fact": i.id, "data-earliest": i.earliest }, a);
          return;
        }
        var colour = COLOURS[i.status] || "#777";
        if (i.claims.length) {
          el("rect", { class: "merged-frame", x: x(span(i)[0]), y: top + 1, width: x(span(i)[1]) - x(span(i)[0]),
            height: ROW - 6, "data-fact": i.id }, a);
          i.claims.forEach(function (c, ci) {
            el("rect", { class: "claim-bar", x: x(day(c.earliest)), y: top + 3, width: x(day(c.latest) + 1) - x(day(c.earliest)),
              height: ROW - 10, fill: SOURCE_COLOURS[ci % SOURCE_COLOURS.length], "data-fact": i.id,
              "data-earliest": c.earliest, "data-latest": c.latest, "data-source": c.source }, a);
          });
          return;
        }
        el("rect", { class: "bar s-" + i.status, x: x(day(i.earliest)), y: top + 2,
          width: Math.max(2, x(day(i.latest) + 1) - x(day(i.earliest))), height: ROW - 8, fill: colour,
          "data-fact": i.id, "data-earliest": i.earliest, "data-latest": i.latest,
          "data-precision": i.precision || "" }, a);
      });
      y += packed[li].height * ROW + 6;
    });
    if (pages > 1) {
      var nav = document.createElement("p");
      nav.textContent = "Rows " + (page * PAGE + 1) + "–" + (page * PAGE + shown.length) + " of " + all.length + " ";
      [["Previous", -1], ["Next", 1]].forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button"; btn.textContent = b[0];
        btn.disabled = page + b[1] < 0 || page + b[1] >= pages;
        btn.addEventListener("click", function () { page += b[1]; draw(group); });
        nav.appendChild(btn);
      });
      root.appendChild(nav);
    }
  }
  document.querySelectorAll('input[name="group"]').forEach(function (r) {
    r.addEventListener("change", function () { page = 0; draw(r.value); });
  });
  draw("event");
})();
