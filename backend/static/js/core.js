/* Tremplin — small progressive enhancements, one file per behaviour (loaded in order, deferred, from
   base.html; no inline script, so the Content-Security-Policy forbids it). Every form works without
   them: the server resolves typed communes, and all fields are shown.
   This file comes first: the helpers the other files share, under window.Tremplin. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  window.Tremplin = { escapeHtml: escapeHtml };
})();
