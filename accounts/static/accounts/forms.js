// The error summary takes the focus after a failed submission, so that screen reader and keyboard
// users start from the list of errors; its links move the focus to the field itself.
(function () {
    "use strict";
    document.addEventListener("DOMContentLoaded", function () {
        var summary = document.querySelector("[data-error-summary]");
        if (!summary) return;
        summary.focus();
        summary.addEventListener("click", function (event) {
            var link = event.target.closest("a[href^='#']");
            if (!link) return;
            var field = document.getElementById(link.getAttribute("href").slice(1));
            if (field) {
                event.preventDefault();
                field.focus();
            }
        });
    });
})();
