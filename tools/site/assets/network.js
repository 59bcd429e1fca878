// The trained network page: draws what data/network.js holds (written by the site generator from
// ./workbook demo's output). Without a demo run it holds null and the page's notice stays.
(function () {
  "use strict";
  if (!window.NETWORK_DATA) return;
})();
