// Keeps the server-rendered countdown of a call page current without reloading; the text the
// server sent stays as it is when JavaScript is off. Same wording as recruitment/timing.py.
(function () {
    "use strict";
    function plural(n, one, few, many) {
        if (n === 1) return one;
        if (n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14)) return few;
        return many;
    }
    function left(ms) {
        var total = Math.max(Math.floor(ms / 60000), 1);
        var days = Math.floor(total / 1440), hours = Math.floor((total % 1440) / 60), minutes = total % 60;
        var d = days + " " + plural(days, "dzień", "dni", "dni");
        var h = hours + " " + plural(hours, "godzina", "godziny", "godzin");
        var m = minutes + " " + plural(minutes, "minuta", "minuty", "minut");
        var text, verb;
        if (days) { text = hours ? d + " " + h : d; verb = plural(days, "został", "zostały", "zostało"); }
        else if (hours) { text = minutes ? h + " " + m : h; verb = plural(hours, "została", "zostały", "zostało"); }
        else { text = m; verb = plural(minutes, "została", "zostały", "zostało"); }
        return verb + " " + text;
    }
    function update(el) {
        var now = Date.now(), opens = Date.parse(el.dataset.opens), closes = Date.parse(el.dataset.closes);
        if (isNaN(opens) || isNaN(closes)) return;
        if (now < opens) el.textContent = "Do rozpoczęcia naboru " + left(opens - now) + ".";
        else if (now <= closes) el.textContent = "Do końca naboru " + left(closes - now) + ".";
        else el.textContent = "Nabór się zakończył. Odśwież stronę, aby zobaczyć aktualne informacje.";
    }
    document.addEventListener("DOMContentLoaded", function () {
        var items = document.querySelectorAll("[data-countdown]");
        items.forEach(function (el) {
            if (el.dataset.status === "closed") return;
            update(el);
            setInterval(function () { update(el); }, 30000);
        });
    });
})();
