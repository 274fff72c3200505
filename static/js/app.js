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

/* "Copy link": a plain link without JavaScript; a button that copies with it. */
(function () {
  "use strict";
  function enhance(root) {
    var links = (root || document).querySelectorAll("[data-copy-link]:not([data-copy-ready])");
    Array.prototype.forEach.call(links, function (link) {
      if (!navigator.clipboard) { return; }
      link.setAttribute("data-copy-ready", "");
      link.setAttribute("role", "button");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        navigator.clipboard.writeText(link.href).then(function () {
          var status = link.parentNode.querySelector("[data-copy-status]");
          if (status) { status.textContent = link.getAttribute("data-copied"); }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:after:swap", function () { enhance(document); });
})();

/* The menu opens without JavaScript (a <details>); with it, Escape folds it again and puts the
   focus back on its button. */
document.addEventListener("keydown", function (event) {
  "use strict";
  var menu = event.key === "Escape" && document.querySelector("details.menu[open]");
  var button = menu && menu.querySelector("summary");
  if (button && button.offsetParent !== null) {
    menu.open = false;
    button.focus();
  }
});

/* Search as you type: the input's own request lets the last word be a prefix. When the same
   words were just submitted (Enter, the button), a typing request still waiting for its delay
   is dropped, so it never replaces the whole-syllable results of the submitted search. */
(function () {
  "use strict";
  var submitted = null;
  function live(element) { return element && element.hasAttribute && element.hasAttribute("data-live-search"); }
  document.addEventListener("input", function (event) {
    if (live(event.target)) { submitted = null; }
  }, true);
  document.addEventListener("submit", function (event) {
    var input = event.target.querySelector && event.target.querySelector("[data-live-search]");
    if (input) { submitted = input.value; }
  }, true);
  document.addEventListener("htmx:config:request", function (event) {
    if (live(event.target) && event.target.value === submitted) { event.preventDefault(); }
  });
})();
