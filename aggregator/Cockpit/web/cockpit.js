// The cockpit's only script: live rows on the fleet overview, the live part of a site page, the charts
// (uPlot), confirmation of actions and the ages of events. Pages work without it, only not live.
(function () {
  "use strict";

  function ageText(ts) {
    var s = Math.max(0, Math.floor((Date.now() - ts) / 1000));
    return s < 60 ? s + " s" : s < 3600 ? Math.floor(s / 60) + " min" : s < 86400 ? Math.floor(s / 3600) + " h" : Math.floor(s / 86400) + " d";
  }

  function refreshAges() {
    document.querySelectorAll("time[data-ts]").forEach(function (t) { t.textContent = ageText(Number(t.dataset.ts)); });
  }

  function listen(onSites) {
    var source = new EventSource("/live/fleet");
    source.addEventListener("sites", function (e) { onSites(JSON.parse(e.data)); });
    source.addEventListener("hello", function () { document.body.dataset.live = "connected"; });
    source.onerror = function () { document.body.dataset.live = "reconnecting"; };
  }

  function liveFleet(table) {
    var body = table.tBodies[0];
    listen(function (sites) {
      var url = "/?handler=Rows&sites=" + encodeURIComponent(sites.join(",")) + "&status=" + encodeURIComponent(table.dataset.status || "") + "&q=" + encodeURIComponent(table.dataset.q || "");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
        var holder = document.createElement("tbody");
        holder.innerHTML = html;
        var fresh = {};
        Array.prototype.forEach.call(holder.querySelectorAll("tr[data-site]"), function (row) { fresh[row.dataset.site] = row; });
        sites.forEach(function (site) {
          var old = document.getElementById("site-" + site);
          if (fresh[site] && old) { old.replaceWith(fresh[site]); }
          else if (fresh[site] && table.dataset.paged !== "1") { body.appendChild(fresh[site]); }
          else if (old) { old.remove(); }
        });
        table.dataset.updated = String(Date.now());
      });
    });
  }

  var charts = [];

  function drawCharts(section, range) {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    section.querySelectorAll("figure.chart").forEach(function (figure) {
      var url = location.pathname + "?handler=Series&device=" + encodeURIComponent(figure.dataset.device) + "&link=" + encodeURIComponent(figure.dataset.link) + "&range=" + range;
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
        figure.dataset.points = String(d.t.length);
        figure.querySelectorAll(".plot").forEach(function (plot) {
          plot.innerHTML = "";
          var width = Math.max(280, Math.min(plot.clientWidth || 600, 900));
          var kind = plot.dataset.kind;
          var series = kind === "quality" ? [{}, { label: "latency ms", stroke: "#1565c0" }, { label: "loss %", stroke: "#c62828", scale: "%" }]
            : kind === "signal" ? [{}, { label: "RSRP dBm", stroke: "#2e7d32" }, { label: "SINR dB", stroke: "#6a1b9a", scale: "dB" }]
            : [{}, { label: "used MB", stroke: "#ef6c00" }, { label: "cap MB", stroke: "#555", dash: [4, 4] }];
          var data = kind === "quality" ? [d.t, d.latency, d.loss] : kind === "signal" ? [d.t, d.rsrp, d.sinr] : [d.t, d.used, d.cap];
          var axes = [{}, {}, { side: 1, scale: series[2].scale || "y", grid: { show: false } }];
          charts.push(new uPlot({ width: width, height: 180, series: series, axes: axes, scales: { x: { time: true, range: [d.from, d.to] } } }, data, plot));
        });
      });
    });
  }

  function liveSite(section) {
    var site = section.dataset.site;
    var range = "24h";
    drawCharts(section, range);
    section.querySelectorAll("button[data-range]").forEach(function (b) {
      b.addEventListener("click", function () {
        range = b.dataset.range;
        section.querySelectorAll("button[data-range]").forEach(function (x) { x.classList.toggle("current", x === b); });
        drawCharts(section, range);
      });
    });
    setInterval(function () { drawCharts(section, range); }, 60000);
    listen(function (sites) {
      if (sites.indexOf(site) < 0) { return; }
      fetch(location.pathname + "?handler=Live", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
        if (html !== null) { document.getElementById("site-live").innerHTML = html; section.dataset.updated = String(Date.now()); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) { if (!window.confirm(form.dataset.confirm)) { e.preventDefault(); } });
    });
    var fleet = document.querySelector("table[data-live=fleet]");
    if (fleet) { liveFleet(fleet); }
    var site = document.querySelector("section[data-live=site]");
    if (site) { liveSite(site); }
    setInterval(refreshAges, 5000);
  });
})();
