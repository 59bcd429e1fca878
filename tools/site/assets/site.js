// Formulas between $...$ and $$...$$ are typeset by KaTeX (copied into the site from Debian's
// libjs-katex). A formula KaTeX cannot read is logged as an error, so that the site check fails.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof renderMathInElement !== "function") {
    console.error("KaTeX did not load: katex/ is missing from the site");
    return;
  }
  renderMathInElement(document.querySelector("main") || document.body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "\\(", right: "\\)", display: false },
      { left: "$", right: "$", display: false },
    ],
    ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code", "svg"],
    throwOnError: true,  // a formula KaTeX cannot read stays as written and is reported below
    errorCallback: function (msg, err) { console.error("KaTeX: " + msg + " " + err); },
  });
});
