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

/* Files over the request limit are refused before sending (<input type=file data-max-bytes>,
   from the _macros/forms.html field): the message appears beside the field, the file is
   cleared and the form is not sent, so nothing typed is lost to a 413. The server keeps a
   staff form's text on its own if a big file gets through anyway. */
(function () {
  "use strict";
  function limitOf(input) { return Number(input.getAttribute("data-max-bytes")) || 0; }
  function say(input, message) {
    var status = document.getElementById(input.getAttribute("data-size-status"));
    if (status) { status.textContent = message; }
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }
  function tooLarge(input) {
    var limit = limitOf(input);
    return Array.prototype.filter.call(input.files || [], function (file) { return file.size > limit; });
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) { return; }
    var big = tooLarge(input);
    if (big.length === 0) { say(input, ""); return; }
    say(input, big.map(function (file) {
      return input.getAttribute("data-too-large").replace("{name}", file.name);
    }).join(" "));
    input.value = "";
  });
  // Before any other submit handler (the upload progress): the whole body must fit too.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var inputs = form.querySelectorAll ? form.querySelectorAll("input[type=file][data-max-bytes]") : [];
    var total = 0;
    var first = null;
    Array.prototype.forEach.call(inputs, function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
      if (!first && input.files && input.files.length) { first = input; }
    });
    if (!first || total <= limitOf(first)) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    say(first, first.getAttribute("data-too-many"));
    first.focus();
  }, true);
})();
