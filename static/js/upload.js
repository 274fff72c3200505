/* Upload progress for forms with files (the contest entry form): on a slow network the
   entrant sees how much is sent instead of a page that seems frozen. Without this file the
   form posts normally. Only when files are chosen: the form is sent with XMLHttpRequest
   (fetch cannot report upload progress); a redirect (success) is followed, a refused form
   (422) replaces the page's <main>, which keeps every typed field and the held files. */
(function () {
  "use strict";
  function hasFiles(form) {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }
  function focusSummary() {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) { target.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusSummary);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-upload-progress")
        || !window.FormData || !hasFiles(form)) { return; }
    event.preventDefault();
    var box = form.querySelector("[data-upload-status]");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector("[data-upload-text]");
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    if (box) { box.hidden = false; }
    if (button) { button.disabled = true; }
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable || !bar) { return; }
      var percent = Math.round(100 * e.loaded / e.total);
      bar.value = percent;
      if (text && (percent % 10 === 0 || percent === 100)) {
        text.textContent = percent === 100 ? text.getAttribute("data-done")
          : text.getAttribute("data-template").replace("{p}", String(percent));
      }
    });
    xhr.addEventListener("load", function () {
      var landed = xhr.responseURL && xhr.responseURL.split("#")[0] !== form.action.split("#")[0];
      if (xhr.status === 200 && landed) {
        window.location.assign(xhr.responseURL);
        return;
      }
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var fresh = doc.getElementById("main");
      var main = document.getElementById("main");
      if (fresh && main) {
        main.innerHTML = fresh.innerHTML;
        document.title = doc.title;
        focusSummary();
      } else {
        form.submit();
      }
    });
    xhr.addEventListener("error", function () {
      if (text) { text.textContent = text.getAttribute("data-failed"); }
      if (button) { button.disabled = false; }
    });
    xhr.open("POST", form.action);
    xhr.send(new FormData(form));
  });
})();
