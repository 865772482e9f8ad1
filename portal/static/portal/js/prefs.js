/* Apply the visitor's display preferences before the page paints (kept in localStorage: no cookie). */
(function () {
    try {
        var root = document.documentElement;
        if (localStorage.getItem("k3d-contrast") === "high") root.classList.add("contrast-high");
        var size = localStorage.getItem("k3d-font");
        if (size === "large" || size === "larger") root.classList.add("font-" + size);
    } catch (e) { /* storage blocked: defaults apply */ }
})();
