// Charts drawn from the tables beside them (the tables are the page; this only adds a picture).
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var palette = ["#0b5cad", "#b3461b", "#2e7d32", "#6a1b9a", "#8d6e00", "#00838f", "#ad1457", "#455a64"];
  function cells(row) { return Array.prototype.map.call(row.children, function (c) { return c.textContent.trim(); }); }
  function barChart(table, canvas) {
    var head = cells(table.tHead.rows[0]);
    var rows = Array.prototype.map.call(table.tBodies[0].rows, cells);
    var labelColumn = Number(table.dataset.labelColumn || 0);
    var datasets;
    var labels;
    if (table.dataset.valueColumn) {  // one value per row, summed per label
      var sums = {};
      rows.forEach(function (r) { sums[r[labelColumn]] = (sums[r[labelColumn]] || 0) + Number(r[Number(table.dataset.valueColumn)]); });
      labels = Object.keys(sums);
      datasets = [{ label: head[Number(table.dataset.valueColumn)], data: labels.map(function (k) { return sums[k]; }), backgroundColor: palette[0] }];
    } else {  // a row per series, a column per category
      labels = head.slice(1);
      datasets = rows.map(function (r, i) {
        return { label: r[0], data: r.slice(1).map(Number), backgroundColor: palette[i % palette.length] };
      });
    }
    var stacked = table.dataset.stacked === "true";
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: { animation: false, scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  function timelineChart(table, canvas) {
    var labels = [];
    var points = [];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      labels.push(row.cells[0].textContent.trim());
      row.querySelectorAll("time").forEach(function (t) {
        var d = new Date(t.getAttribute("datetime"));
        points.push({ x: d.getFullYear() + d.getMonth() / 12 + d.getDate() / 365, y: i });
      });
    });
    return new window.Chart(canvas, {
      type: "scatter",
      data: { datasets: [{ label: table.tHead.rows[0].cells[1].textContent, data: points, backgroundColor: palette[0], pointRadius: 5 }] },
      options: {
        animation: false,
        scales: {
          x: { ticks: { callback: function (v) { return Number.isInteger(v) ? String(v) : ""; } } },
          y: { reverse: true, min: -0.5, max: labels.length - 0.5, ticks: { stepSize: 1, callback: function (v) { return (labels[v] || "").slice(0, 24); } } }
        }
      }
    });
  }
  document.querySelectorAll("table[data-chart]").forEach(function (table) {
    var canvas = document.getElementById(table.dataset.canvas);
    if (!canvas) { return; }
    var chart = table.dataset.chart === "timeline" ? timelineChart(table, canvas) : barChart(table, canvas);
    canvas.dataset.drawn = chart ? "true" : "false";
  });
})();
