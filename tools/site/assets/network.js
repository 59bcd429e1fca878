// The trained network page: draws what data/network.js holds, which the site generator wrote by
// running chapter 07's layers with ./workbook demo's weights on the first test digit of every
// label. The page only draws; it computes nothing of the network itself.
(function () {
  "use strict";
  var D = window.NETWORK_DATA, root = document.getElementById("network");
  if (!D || !root) return;  // no demo run yet: the page's notice says what to do
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // One map as pixels: grey from its smallest (black) to its largest value (white), or, for
  // signed values, blue for negative and red for positive around a white zero.
  function map(values, offset, h, w, scale, signed) {
    var c = el("canvas", { width: w, height: h });
    c.style.width = w * scale + "px"; c.style.height = h * scale + "px";
    var ctx = c.getContext("2d"), img = ctx.createImageData(w, h);
    var lo = Infinity, hi = -Infinity, i;
    for (i = 0; i < h * w; i++) { var v = values[offset + i]; if (v < lo) lo = v; if (v > hi) hi = v; }
    var m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    for (i = 0; i < h * w; i++) {
      var x = values[offset + i], r, g, b;
      if (signed) {
        var t = Math.min(1, Math.abs(x) / m);
        if (x >= 0) { r = 255; g = b = Math.round(255 * (1 - t)); } else { b = 255; r = g = Math.round(255 * (1 - t)); }
      } else {
        r = g = b = hi > lo ? Math.round(255 * (x - lo) / (hi - lo)) : 0;
      }
      img.data[4 * i] = r; img.data[4 * i + 1] = g; img.data[4 * i + 2] = b; img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    return c;
  }
  function section(id, title, caption) {
    var f = el("figure", { class: "fig net-layer", id: id });
    var grid = el("div", { class: "net-grid" });
    f.appendChild(el("h3", {}, title));
    f.appendChild(grid);
    f.appendChild(el("figcaption", {}, caption));
    return { figure: f, grid: grid };
  }
  root.appendChild(el("p", {}, "데이터 (data) " + D.data + " · 에폭 (epoch) " + D.epochs +
    " · 시험 정확도 (test accuracy) " + (isNaN(parseFloat(D.test_accuracy)) ? D.test_accuracy : (100 * parseFloat(D.test_accuracy)).toFixed(2) + "%") +
    " · 시험 이미지 " + D.test_images + "장"));
  var picker = el("div", { class: "net-picker", id: "net-picker" });
  root.appendChild(el("h2", {}, "숫자 고르기"));
  root.appendChild(picker);
  var shown = el("div", { id: "net-layers" });
  root.appendChild(shown);
  var FN = D.conv1_shape[0], CH = D.conv1_shape[1], CW = D.conv1_shape[2], PH = D.pool1_shape[1], PW = D.pool1_shape[2];
  D.digits.forEach(function (d, k) {
    var b = el("button", { type: "button", class: "net-digit", "data-label": d.label, title: "시험 이미지 " + d.index });
    b.appendChild(map(d.image, 0, 28, 28, 2, false));
    b.appendChild(el("span", {}, String(d.label)));
    b.addEventListener("click", function () { show(k); });
    picker.appendChild(b);
  });
  function show(k) {
    var d = D.digits[k];
    [].forEach.call(picker.children, function (b, i) { b.classList.toggle("chosen", i === k); });
    shown.innerHTML = "";
    var s = section("net-input", "입력 (input) 1x28x28", "시험 이미지 " + d.index + ", 정답 (label) " + d.label + ".");
    s.grid.appendChild(map(d.image, 0, 28, 28, 5, false));
    shown.appendChild(s.figure);
    s = section("net-conv1", "Conv1 출력 " + FN + "x" + CH + "x" + CW,
      "필터 30개 각각의 특징 맵 (feature map). 빨강은 양수, 파랑은 음수입니다. 『밑바닥부터 시작하는 딥러닝』 그림 7-25처럼 필터마다 다른 방향의 에지에 반응합니다.");
    for (var f = 0; f < FN; f++) s.grid.appendChild(map(d.conv1, f * CH * CW, CH, CW, 2, true));
    shown.appendChild(s.figure);
    s = section("net-relu1", "ReLU1 출력 " + FN + "x" + CH + "x" + CW, "음수는 0이 됩니다 (검정). 흰색이 맵에서 가장 큰 값입니다.");
    for (f = 0; f < FN; f++) s.grid.appendChild(map(d.relu1, f * CH * CW, CH, CW, 2, false));
    shown.appendChild(s.figure);
    s = section("net-pool1", "Pool1 출력 " + FN + "x" + PH + "x" + PW, "2x2 최대 풀링 (max pooling)으로 가로세로가 절반이 됩니다. 펼치면 " + FN * PH * PW + "개.");
    for (f = 0; f < FN; f++) s.grid.appendChild(map(d.pool1, f * PH * PW, PH, PW, 4, false));
    shown.appendChild(s.figure);
    s = section("net-affine1", "Affine1 → ReLU2 출력 100", "은닉층 (hidden layer) 뉴런 100개를 10x10으로 늘어놓았습니다. 왼쪽은 Affine1 (빨강 양수, 파랑 음수), 오른쪽은 ReLU2 뒤.");
    s.grid.appendChild(map(d.affine1, 0, 10, 10, 12, true));
    s.grid.appendChild(map(d.relu2, 0, 10, 10, 12, false));
    shown.appendChild(s.figure);
    var t = el("table", { class: "scores", id: "net-scores" });
    t.appendChild(el("tr")).innerHTML = "<th>숫자</th><th>점수 (score)</th><th>확률 (softmax)</th><th></th>";
    for (var c = 0; c < d.scores.length; c++) {
      var tr = el("tr", { class: c === d.predicted ? "pred" : "" });
      tr.appendChild(el("td", {}, String(c)));
      tr.appendChild(el("td", {}, d.scores[c].toFixed(2)));
      tr.appendChild(el("td", {}, (100 * d.probs[c]).toFixed(1) + "%"));
      var bar = el("td"); var span = el("span", { class: "bar" }); span.style.width = Math.round(200 * d.probs[c]) + "px"; bar.appendChild(span);
      tr.appendChild(bar);
      t.appendChild(tr);
    }
    shown.appendChild(el("h3", {}, "점수와 예측"));
    shown.appendChild(el("p", { id: "net-prediction", class: d.predicted === d.label ? "" : "wrong" },
      "예측 (prediction): " + d.predicted + (d.predicted === d.label ? " — 정답" : " — 틀림 (정답 " + d.label + ")")));
    shown.appendChild(t);
  }
  if (D.digits.length) show(0);
})();
