/* Skill picker (components/skill_picker.html): a suggestion becomes a row (with its level when the
   picker asks for one) or a chip; « Retirer » takes it out. Tremplin.addSkill is also how the offer
   form's text analysis adds a detected skill (offer-analysis.js). */
(function () {
  "use strict";

  // Adds the skill to the picker's chosen list from its <template>, once, and says so to screen
  // readers. Returns the chosen list.
  function addSkill(picker, id, label) {
    var chosen = picker.querySelector("[data-chosen]");
    if (!chosen.querySelector('input[name="' + picker.dataset.name + '"][value="' + id + '"]')) {
      var escape = window.Tremplin.escapeHtml;
      var html = picker.querySelector("template").innerHTML
        .split("__ID__").join(escape(id))
        .split("__LABEL__").join(escape(label));
      chosen.insertAdjacentHTML("beforeend", html);
    }
    var status = picker.querySelector("[data-picker-status]");
    if (status) status.textContent = label + " ajoutée.";
    return chosen;
  }
  window.Tremplin.addSkill = addSkill;

  document.addEventListener("click", function (event) {
    var pick = event.target.closest(".skill-suggestion");
    if (pick) {
      var picker = pick.closest("[data-skill-picker]");
      addSkill(picker, pick.dataset.skillId, pick.dataset.label);
      pick.closest("ul").innerHTML = "";
      var query = picker.querySelector("input[type=text]");
      query.value = "";
      query.focus();
      return;
    }
    var remove = event.target.closest("[data-remove-skill]");
    if (remove) {
      var row = remove.closest("li");
      var box = remove.closest("[data-skill-picker]");
      row.parentNode.removeChild(row);
      if (box) box.querySelector("input[type=text]").focus();
    }
  });
})();
