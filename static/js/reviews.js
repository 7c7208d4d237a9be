/* Keyboard shortcuts of the review screen; the form works without them (plain buttons).
   - Ctrl+Enter (⌘+Enter): 제출하고 다음 — presses the submit button, so the server answers
     exactly as for a click.
   - Ctrl+S (⌘+S): 임시 저장 (instead of the browser's "save page"); read from the key's
     position too, since with the Korean input method on the key is "ㄴ".
   - Alt+PageDown / Alt+PageUp: the next / previous idea without saving; asks first when
     scores were typed. (Alt+←/→ are the browser's back and forward: left alone.)
   The first score field has the focus on load (autofocus in the HTML). */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("rv-score-form");
    var next = document.getElementById("rv-next");
    var previous = document.getElementById("rv-previous");
    var dirty = false;
    if (form) {
      form.addEventListener("input", function () {
        dirty = true;
      });
      form.addEventListener("submit", function () {
        dirty = false;
      });
    }

    function press(id) {
      var button = document.getElementById(id);
      if (!form || !button) return;
      if (form.requestSubmit) form.requestSubmit(button);
      else button.click();
    }

    function go(link) {
      if (!link) return;
      var message = form && form.dataset.leaveMessage;
      if (dirty && message && !window.confirm(message)) return;
      window.location.assign(link.href);
    }

    document.addEventListener("keydown", function (event) {
      var mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && event.key === "Enter") {
        event.preventDefault();
        press("rv-submit");
      } else if (mod && !event.altKey && !event.shiftKey && (event.code === "KeyS" || event.key === "s" || event.key === "S")) {
        event.preventDefault();
        press("rv-draft");
      } else if (event.altKey && !mod && event.key === "PageDown") {
        event.preventDefault();
        go(next);
      } else if (event.altKey && !mod && event.key === "PageUp") {
        event.preventDefault();
        go(previous);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
