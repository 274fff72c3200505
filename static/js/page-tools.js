/* Buttons that only work with JavaScript, so they stay hidden without it (the page offers
   another way: a plain-text link, Ctrl+P). Loaded only by the pages that have them.
   - <button data-copy-text="ID" data-copied="…" hidden>: copies the text of #ID and says so in
     the [data-copy-status] region next to it (the pattern of "Copy link" in app.js);
   - <button data-print hidden>: opens the browser's print dialog. */
(function () {
  "use strict";
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  function ready() {
    if (navigator.clipboard) {
      each("[data-copy-text][hidden]", function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var source = document.getElementById(button.getAttribute("data-copy-text"));
          var status = button.parentNode.querySelector("[data-copy-status]");
          if (!source) { return; }
          navigator.clipboard.writeText(source.innerText.trim()).then(function () {
            if (status) {
              status.textContent = "";
              window.setTimeout(function () { status.textContent = button.getAttribute("data-copied"); }, 50);
            }
          });
        });
      });
    }
    if (typeof window.print === "function") {
      each("[data-print][hidden]", function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.print(); });
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
