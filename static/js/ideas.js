/* Enhancements of the idea form; the form works without them.
   - The budget field shows only when the implementation path is "budget".
   - Amounts in won get thousands separators as they are typed.
   - "임시 저장" or "제출" clicked while an autosave is on its way waits for it, so the
     form posts the version that autosave just made (else it would conflict with itself). */
(function () {
  "use strict";

  function toggleBudget(form) {
    var group = form.querySelector("#group-budget_estimate_krw");
    if (!group) return;
    var checked = form.querySelector('input[name="implementation_path"]:checked');
    var input = group.querySelector("input");
    // Keep it visible while it holds an amount or an error, so nothing is hidden unseen.
    var keep = (input && input.value) || group.classList.contains("is-error");
    group.hidden = !(checked && checked.value === "budget") && !keep;
  }

  function formatWon(input) {
    var digits = input.value.replace(/[^0-9]/g, "");
    var formatted = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    if (formatted !== input.value) input.value = formatted;
  }

  function init(root) {
    var form = (root || document).querySelector("#idea-form");
    if (!form || form.dataset.ideasReady) return;
    form.dataset.ideasReady = "1";
    toggleBudget(form);
    form.addEventListener("change", function (event) {
      if (event.target.name === "implementation_path") toggleBudget(form);
    });
    var inFlight = 0;
    var waitingSubmitter = null;
    form.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt === form) inFlight += 1;
    });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) return;
      inFlight = Math.max(0, inFlight - 1);
      if (!inFlight && waitingSubmitter) {
        var submitter = waitingSubmitter;
        waitingSubmitter = null;
        form.requestSubmit(submitter);
      }
    });
    form.addEventListener("submit", function (event) {
      if (inFlight) {
        event.preventDefault();
        waitingSubmitter = event.submitter || null;
      }
    });
    var budget = form.querySelector("#id_budget_estimate_krw");
    if (budget) {
      budget.addEventListener("input", function () {
        formatWon(budget);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
})();
