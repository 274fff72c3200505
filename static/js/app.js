/* Kẻ Sặt Xanh: progressive enhancements only. Every page works without this file.
   No inline handlers anywhere: behaviour lives here (CSP script-src 'self'). */
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Tell assistive technology that a region is being refreshed.
  document.addEventListener("htmx:before:request", function (event) {
    var target = event.detail && event.detail.ctx && event.detail.ctx.target;
    if (target && target.setAttribute) { target.setAttribute("aria-busy", "true"); }
  });
  document.addEventListener("htmx:finally:request", function (event) {
    var target = event.detail && event.detail.ctx && event.detail.ctx.target;
    if (target && target.removeAttribute) { target.removeAttribute("aria-busy"); }
  });
})();
