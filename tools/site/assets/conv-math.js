// The interactive convolution's arithmetic, apart from the page that draws it: the site generator
// runs this same file at build time (in Duktape) and refuses to build the site when any output
// cell it computes, or any stride it accepts or refuses, differs from the reference cnn::conv3d
// (data/conv.json). ECMAScript 5.1 only, the language Duktape reads.
var ConvMath = function (D) {
  "use strict";
  var C = D.x.shape[0], H = D.x.shape[1], W = D.x.shape[2];
  var K = D.w.shape[0], F = D.w.shape[2];
  function xv(c, h, w) { return D.x.data[(c * H + h) * W + w]; }
  function wv(k, c, h, w) { return D.w.data[((k * C + c) * F + h) * F + w]; }
  // Padded input: zero outside the picture.
  function xp(c, h, w, P) {
    h -= P; w -= P;
    return h < 0 || w < 0 || h >= H || w >= W ? 0 : xv(c, h, w);
  }
  function caseOf(S, P) {
    for (var i = 0; i < D.cases.length; i++) if (D.cases[i].stride === S && D.cases[i].pad === P) return D.cases[i];
    return null;
  }
  // The output-size rule of chapter 02: (H + 2P - F) must be divisible by S.
  function outSize(S, P) {
    var span = H + 2 * P - F;
    return span < 0 || span % S !== 0 ? null : span / S + 1;
  }
  // Output cell o[k,i,j]: every channel's products and their sum, then the total with the bias.
  function cell(k, i, j, S, P) {
    var parts = [];
    for (var c = 0; c < C; c++) {
      var terms = [], sum = 0;
      for (var a = 0; a < F; a++) for (var b = 0; b < F; b++) {
        var x = xp(c, i * S + a, j * S + b, P), w = wv(k, c, a, b);
        terms.push(x + "·" + (w < 0 ? "(" + w + ")" : w));
        sum += x * w;
      }
      parts.push({ terms: terms, sum: sum });
    }
    var total = D.b[k];
    for (c = 0; c < C; c++) total += parts[c].sum;
    return { parts: parts, total: total };
  }
  // What the page shows for one stride and padding: its output, or that it refuses them.
  function output(S, P) {
    var O = outSize(S, P);
    if (O === null) return { stride: S, pad: P, refused: true };
    var y = [];
    for (var k = 0; k < K; k++) for (var i = 0; i < O; i++) for (var j = 0; j < O; j++) y.push(cell(k, i, j, S, P).total);
    return { stride: S, pad: P, refused: false, shape: [K, O, O], y: y };
  }
  // Differences between the page and the reference for one case, in words.
  function compare(S, P) {
    var ref = caseOf(S, P), mine = output(S, P), problems = [];
    if (!ref) return ["no reference case for S=" + S + " P=" + P];
    if (mine.refused !== ("error" in ref)) {
      problems.push("S=" + S + " P=" + P + ": the page " + (mine.refused ? "refuses" : "accepts") +
                    " but the reference " + ("error" in ref ? "refuses" : "accepts"));
      return problems;
    }
    if (mine.refused) return problems;
    if (String(ref.shape) !== String(mine.shape)) problems.push("S=" + S + " P=" + P + ": shape " + mine.shape + " but the reference " + ref.shape);
    else for (var n = 0; n < mine.y.length; n++)
      if (Math.abs(mine.y[n] - ref.y[n]) > 1e-4) problems.push("S=" + S + " P=" + P + " o[" + n + "]: page " + mine.y[n] + ", reference " + ref.y[n]);
    return problems;
  }
  function selfCheck() {
    var all = [];
    for (var i = 0; i < D.cases.length; i++) all = all.concat(compare(D.cases[i].stride, D.cases[i].pad));
    return all;
  }
  function outputs() {
    var all = [];
    for (var i = 0; i < D.cases.length; i++) all.push(output(D.cases[i].stride, D.cases[i].pad));
    return all;
  }
  return { C: C, H: H, W: W, K: K, F: F, xv: xv, wv: wv, xp: xp, caseOf: caseOf, outSize: outSize, cell: cell,
           compare: compare, selfCheck: selfCheck, outputs: outputs };
};
