/* Forms: fields shown only for some answers, the error summary first after a refused submit, and a
   confirmation before irreversible actions. */
(function () {
  "use strict";

  // Fields that only make sense for some answers: data-show-when="contract_type:CDD,STAGE".
  function applyConditions(root) {
    (root || document).querySelectorAll("[data-show-when]").forEach(function (block) {
      var parts = block.dataset.showWhen.split(":");
      var form = block.closest("form");
      if (!form) return;
      var fields = form.querySelectorAll('[name="' + parts[0] + '"]');
      var value = "";
      fields.forEach(function (f) {
        if ((f.type !== "radio" && f.type !== "checkbox") || f.checked) value = f.value;
      });
      block.hidden = parts[1].split(",").indexOf(value) === -1;
    });
  }
  document.addEventListener("change", function () { applyConditions(); });
  document.addEventListener("DOMContentLoaded", function () {
    applyConditions();
    // After a refused submit, start from the list of what to correct.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
  document.addEventListener("htmx:afterSettle", function () { applyConditions(); });

  // Irreversible actions ask first: data-confirm on the button or the form.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
