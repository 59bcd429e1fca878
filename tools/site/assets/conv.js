// The interactive convolution: the CS231n notes' demo (5x5x3 input, two 3x3x3 filters) with the
// reader choosing stride and padding and stepping through the output cells. The input, the filters
// and the expected outputs come from data/conv-data.js, which the site generator wrote by running
// the reference cnn::conv3d; the page computes the same outputs itself (assets/conv-math.js, which
// the generator also runs at build time) and shows a red warning (and logs an error) if the two
// ever disagree.
(function () {
  "use strict";
  var D = window.CONV_DATA;
  var root = document.getElementById("conv-demo");
  if (!D || !root) { console.error("conv demo: data/conv-data.js did not load"); return; }
  if (typeof ConvMath !== "function") { console.error("conv demo: assets/conv-math.js did not load"); return; }
  var M = ConvMath(D);
  var C = M.C, H = M.H, W = M.W, K = M.K, F = M.F;
  var xp = M.xp, wv = M.wv, caseOf = M.caseOf, outSize = M.outSize, cell = M.cell, compare = M.compare;
  window.convDemoSelfCheck = M.selfCheck;

  var state = { S: 2, P: 1, idx: 0 };
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function select(id, label, values, value, onchange) {
    var wrap = el("label", {}, label + " ");
    var s = el("select", { id: id });
    values.forEach(function (v) { var o = el("option", { value: v }, String(v)); if (v === value) o.selected = true; s.appendChild(o); });
    s.addEventListener("change", function () { onchange(parseInt(s.value, 10)); });
    wrap.appendChild(s);
    return wrap;
  }
  var controls = el("div", { class: "controls" });
  controls.appendChild(select("conv-stride", "스트라이드 (stride) S", [1, 2, 3], state.S, function (v) { state.S = v; state.idx = 0; draw(); }));
  controls.appendChild(select("conv-pad", "패딩 (padding) P", [0, 1, 2], state.P, function (v) { state.P = v; state.idx = 0; draw(); }));
  var prev = el("button", { id: "conv-prev", type: "button" }, "◀ 이전 칸");
  var next = el("button", { id: "conv-next", type: "button" }, "다음 칸 ▶");
  var pos = el("span", { id: "conv-pos" });
  controls.appendChild(prev); controls.appendChild(next); controls.appendChild(pos);
  var error = el("div", { id: "conv-error", class: "error", hidden: "" });
  var mismatch = el("div", { id: "conv-mismatch", class: "mismatch", hidden: "" });
  var volumes = el("div", { class: "volumes" });
  var calc = el("div", { id: "conv-calc", class: "calc" });
  [controls, error, mismatch, volumes, calc].forEach(function (e) { root.appendChild(e); });
  prev.addEventListener("click", function () { step(-1); });
  next.addEventListener("click", function () { step(1); });

  function step(d) {
    var O = outSize(state.S, state.P);
    if (O === null) return;
    var n = K * O * O;
    state.idx = (state.idx + d + n) % n;
    draw();
  }
  function table(rows, cols, value, cls) {
    var t = el("table", { class: "m" });
    for (var r = 0; r < rows; r++) {
      var tr = el("tr");
      for (var c = 0; c < cols; c++) { var td = el("td", {}, String(value(r, c))); var k = cls(r, c); if (k) td.className = k; tr.appendChild(td); }
      t.appendChild(tr);
    }
    return t;
  }
  function draw() {
    var S = state.S, P = state.P, O = outSize(S, P), ref = caseOf(S, P);
    var problems = compare(S, P);
    mismatch.hidden = problems.length === 0;
    if (problems.length) { mismatch.textContent = "페이지의 계산이 모범 답안과 다릅니다 (mismatch): " + problems.join("; "); console.error("conv demo: " + problems.join("; ")); }
    volumes.innerHTML = ""; calc.textContent = "";
    if (O === null) {
      error.hidden = false;
      error.textContent = ref && ref.error_ko ? ref.error_ko : "이 스트라이드는 맞지 않습니다";
      if (ref && ref.error_en) { error.appendChild(el("br")); error.appendChild(el("small", { lang: "en" }, ref.error_en)); }
      pos.textContent = ""; prev.disabled = next.disabled = true; calc.hidden = true;
      return;
    }
    error.hidden = true; calc.hidden = false; prev.disabled = next.disabled = false;
    var k = Math.floor(state.idx / (O * O)), i = Math.floor(state.idx / O) % O, j = state.idx % O;
    pos.textContent = "출력 o[" + k + "," + i + "," + j + "] (" + (state.idx + 1) + "/" + (K * O * O) + ")";
    var Hp = H + 2 * P, Wp = W + 2 * P;
    var inWin = function (r, c) { return r >= i * S && r < i * S + F && c >= j * S && c < j * S + F; };
    var vin = el("div", { class: "vol" });
    vin.appendChild(el("h4", {}, "입력 " + H + "x" + W + "x" + C + ", 패딩 " + P + " → " + Hp + "x" + Wp));
    for (var c = 0; c < C; c++) {
      vin.appendChild(el("div", { class: "small" }, "x[" + c + ",:,:] 채널 (channel) " + c));
      vin.appendChild(table(Hp, Wp, (function (c) { return function (r, q) { return xp(c, r, q, P); }; })(c),
        function (r, q) { var pad = r < P || q < P || r >= P + H || q >= P + W; return inWin(r, q) ? "win" : pad ? "pad" : ""; }));
    }
    volumes.appendChild(vin);
    var vw = el("div", { class: "vol" });
    vw.appendChild(el("h4", {}, "필터 W" + k + " " + F + "x" + F + "x" + C + ", 편향 b" + k + " = " + D.b[k]));
    for (c = 0; c < C; c++) {
      vw.appendChild(el("div", { class: "small" }, "W" + k + "[" + c + ",:,:]"));
      vw.appendChild(table(F, F, (function (c) { return function (r, q) { return wv(k, c, r, q); }; })(c), function () { return "filt"; }));
    }
    volumes.appendChild(vw);
    var vo = el("div", { class: "vol" });
    vo.appendChild(el("h4", {}, "출력 " + O + "x" + O + "x" + K));
    for (var kk = 0; kk < K; kk++) {
      vo.appendChild(el("div", { class: "small" }, "o[" + kk + ",:,:]"));
      vo.appendChild(table(O, O, (function (kk) { return function (r, q) { return ref.y[(kk * O + r) * O + q]; }; })(kk),
        (function (kk) { return function (r, q) { return kk === k && r === i && q === j ? "cur" : ""; }; })(kk)));
    }
    volumes.appendChild(vo);
    var cur = cell(k, i, j, S, P), lines = [];
    cur.parts.forEach(function (p, c) { lines.push("채널 " + c + ": " + p.terms.join(" + ") + " = " + p.sum); });
    calc.textContent = lines.join("\n") + "\n";
    var sum = el("span", { id: "conv-sum", class: "sum", "data-value": String(cur.total) },
      "합계 (sum) = " + cur.parts.map(function (p) { return p.sum; }).join(" + ") + " + " + D.b[k] + " = " + cur.total);
    calc.appendChild(sum);
  }
  draw();
})();
