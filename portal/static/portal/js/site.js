/* Progressive enhancements: display switches and the gallery lightbox. Everything works without JS. */
(function () {
    "use strict";
    var root = document.documentElement;

    function store(key, value) {
        try {
            if (value) localStorage.setItem(key, value); else localStorage.removeItem(key);
        } catch (e) { /* ignore */ }
    }

    function setupSwitches() {
        var contrast = document.querySelector("[data-contrast-toggle]");
        if (contrast) {
            contrast.hidden = false;
            contrast.setAttribute("aria-pressed", root.classList.contains("contrast-high") ? "true" : "false");
            contrast.addEventListener("click", function () {
                var on = root.classList.toggle("contrast-high");
                contrast.setAttribute("aria-pressed", on ? "true" : "false");
                store("k3d-contrast", on ? "high" : "");
            });
        }
        var buttons = document.querySelectorAll("[data-font-size]");
        function current() {
            if (root.classList.contains("font-larger")) return "larger";
            if (root.classList.contains("font-large")) return "large";
            return "normal";
        }
        function refresh() {
            buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.fontSize === current() ? "true" : "false"); });
        }
        buttons.forEach(function (button) {
            button.hidden = false;
            button.addEventListener("click", function () {
                root.classList.remove("font-large", "font-larger");
                if (button.dataset.fontSize !== "normal") root.classList.add("font-" + button.dataset.fontSize);
                store("k3d-font", button.dataset.fontSize === "normal" ? "" : button.dataset.fontSize);
                refresh();
            });
        });
        refresh();
        var group = document.querySelector("[data-display-switches]");
        if (group) group.hidden = false;
    }

    function setupGallery(gallery) {
        var links = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-item]"));
        if (!links.length || typeof HTMLDialogElement === "undefined") return;
        var dialog = document.createElement("dialog");
        dialog.className = "lightbox";
        dialog.setAttribute("aria-label", gallery.getAttribute("aria-label") || "Galeria");
        dialog.innerHTML =
            '<figure class="lightbox__figure"><img class="lightbox__img" alt=""><figcaption class="lightbox__caption"></figcaption></figure>' +
            '<p class="lightbox__counter" aria-live="polite"></p>' +
            '<div class="lightbox__controls">' +
            '<button type="button" data-prev>Poprzednie zdjęcie</button>' +
            '<button type="button" data-next>Następne zdjęcie</button>' +
            '<button type="button" data-close>Zamknij galerię</button></div>';
        document.body.appendChild(dialog);
        var img = dialog.querySelector(".lightbox__img");
        var caption = dialog.querySelector(".lightbox__caption");
        var counter = dialog.querySelector(".lightbox__counter");
        var index = 0;
        var opener = null;

        function show(i) {
            index = (i + links.length) % links.length;
            var link = links[index];
            img.src = link.href;
            img.alt = link.dataset.alt || "";
            caption.textContent = link.dataset.caption || "";
            counter.textContent = "Zdjęcie " + (index + 1) + " z " + links.length;
        }
        links.forEach(function (link, i) {
            link.addEventListener("click", function (event) {
                event.preventDefault();
                opener = link;
                show(i);
                dialog.showModal();
                dialog.querySelector("[data-close]").focus();
            });
        });
        dialog.querySelector("[data-prev]").addEventListener("click", function () { show(index - 1); });
        dialog.querySelector("[data-next]").addEventListener("click", function () { show(index + 1); });
        dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); });
        dialog.addEventListener("keydown", function (event) {
            if (event.key === "ArrowLeft") { show(index - 1); event.preventDefault(); }
            if (event.key === "ArrowRight") { show(index + 1); event.preventDefault(); }
        });
        dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    }

    function setupMenu(nav) {
        // A disclosure for the main menu on narrow screens (CSS decides where it shows); the
        // list is open without JavaScript and on wide screens.
        var toggle = nav.querySelector("[data-main-nav-toggle]");
        if (!toggle) return;
        nav.classList.add("main-nav--enhanced", "main-nav--collapsed");
        toggle.addEventListener("click", function () {
            var open = nav.classList.toggle("main-nav--collapsed") === false;
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
        });
        nav.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && !nav.classList.contains("main-nav--collapsed")) {
                nav.classList.add("main-nav--collapsed");
                toggle.setAttribute("aria-expanded", "false");
                toggle.focus();
            }
        });
    }

    function setupFacets(area) {
        // The filters of a listing fold behind „Filtry” on narrow screens (CSS decides where).
        var toggle = area.querySelector("[data-facets-toggle]");
        if (!toggle) return;
        area.classList.add("facets--enhanced", "facets--collapsed");
        toggle.addEventListener("click", function () {
            var open = area.classList.toggle("facets--collapsed") === false;
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
        });
    }

    setupSwitches();
    document.querySelectorAll("[data-main-nav]").forEach(setupMenu);
    document.querySelectorAll("[data-facets-area]").forEach(setupFacets);
    document.querySelectorAll("[data-gallery]").forEach(setupGallery);
})();
