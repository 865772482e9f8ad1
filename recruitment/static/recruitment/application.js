/* The application form: focus the error summary, add rows of institutions, and autosave the
   draft to the server (debounced, and when the page is hidden). Unsaved changes are kept in
   localStorage; after an expired session and a new login they are restored and saved. */
(function () {
    "use strict";

    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }

    // The buttons stick to the bottom of the screen; a field reached with Tab is scrolled to
    // stand above them (WCAG 2.4.11), whatever height they take on this screen.
    var bar = document.querySelector(".form-actions");
    if (bar) {
        var keepAbove = function () {
            var sticky = window.getComputedStyle(bar).position === "sticky";
            document.documentElement.style.scrollPaddingBottom = sticky
                ? bar.offsetHeight + 16 + "px"
                : "";
        };
        keepAbove();
        // The bar's height, and whether it sticks (not on a very short screen), may change.
        window.addEventListener("resize", keepAbove);
        if (window.ResizeObserver) {
            new ResizeObserver(keepAbove).observe(bar);
        }
    }

    var form = document.querySelector("form[data-autosave-url]");
    if (!form || !window.fetch || !window.FormData) {
        return;
    }
    var url = form.getAttribute("data-autosave-url");
    var storageKey = "k3d-draft-" + form.getAttribute("data-application");
    var serverSaved = parseInt(form.getAttribute("data-server-saved") || "0", 10);
    var status = form.querySelector("[data-autosave-status]");
    var loginLink = form.querySelector("[data-autosave-login]");
    var timer = null;
    var changedAt = 0;
    var submitting = false;
    var inFlight = false;

    function say(text) {
        if (status) {
            status.textContent = text;
        }
    }

    function draftData() {
        var data = new FormData(form);
        var keep = new FormData();
        data.forEach(function (value, name) {
            if (typeof value === "string" && name !== "action") {
                keep.append(name, value);
            }
        });
        return keep;
    }

    function storeLocally() {
        var fields = [];
        draftData().forEach(function (value, name) {
            if (name !== "csrfmiddlewaretoken") {
                fields.push([name, value]);
            }
        });
        try {
            localStorage.setItem(storageKey, JSON.stringify({ savedAt: Date.now(), fields: fields }));
        } catch (e) {
            /* storage full or disabled: the server copy is still saved */
        }
    }

    function forgetLocal() {
        try {
            localStorage.removeItem(storageKey);
        } catch (e) {
            /* ignore */
        }
    }

    function save() {
        if (submitting || inFlight) {
            return;
        }
        timer = null;
        inFlight = true;
        var startedAt = Date.now();
        fetch(url, {
            method: "POST",
            body: draftData(),
            credentials: "same-origin",
            headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
        })
            .then(function (response) {
                return response.json().catch(function () {
                    return {};
                }).then(function (body) {
                    return { ok: response.ok, status: response.status, body: body };
                });
            })
            .then(function (result) {
                inFlight = false;
                if (result.ok) {
                    say(result.body.message);
                    if (loginLink) {
                        loginLink.hidden = true;
                    }
                    serverSaved = result.body.saved_at_ms || Date.now();
                    if (changedAt <= startedAt) {
                        forgetLocal();
                    } else {
                        schedule();
                    }
                    return;
                }
                if (result.status === 503) {
                    /* The server was too busy to write (another save held the database): nothing
                       was stored; the change stays in this browser and is sent again. */
                    say(result.body.error || "Serwer jest zajęty; spróbujemy zapisać ponownie za chwilę.");
                    if (!timer) {
                        timer = setTimeout(save, 1000 * (result.body.retry_after || 5));
                    }
                    return;
                }
                say(result.body.error || (result.status === 403
                    ? "Nie zapisano: sesja wygasła albo strona jest nieaktualna. Zmiany są zapamiętane w tej przeglądarce; zaloguj się ponownie."
                    : "Nie udało się zapisać wersji roboczej; spróbujemy ponownie przy następnej zmianie."));
                if ((result.status === 401 || result.status === 403) && loginLink) {
                    loginLink.hidden = false;
                }
            })
            .catch(function () {
                inFlight = false;
                say("Brak połączenia z serwerem. Zmiany są zapamiętane w tej przeglądarce; zapiszemy je, gdy połączenie wróci.");
            });
    }

    function schedule() {
        if (timer) {
            clearTimeout(timer);
        }
        timer = setTimeout(save, 2000);
    }

    function changed(event) {
        if (event.target && event.target.type === "file") {
            return;
        }
        changedAt = Date.now();
        storeLocally();
        schedule();
    }

    /* Enter in a one-line field would press the form's first button ("Dodaj instytucję"). */
    form.addEventListener("keydown", function (event) {
        var target = event.target;
        if (event.key === "Enter" && target.tagName === "INPUT" && target.type !== "submit" && target.type !== "checkbox") {
            event.preventDefault();
            schedule();
        }
    });
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
        submitting = true;
        if (timer) {
            clearTimeout(timer);
        }
    });

    function flush() {
        if (!timer || submitting) {
            return;
        }
        clearTimeout(timer);
        timer = null;
        if (navigator.sendBeacon) {
            navigator.sendBeacon(url, draftData());
        } else {
            save();
        }
    }
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") {
            flush();
        }
    });
    window.addEventListener("pagehide", flush);

    /* Rows of institutions: add without a page load; removal is the row's checkbox. */
    var formset = form.querySelector("[data-formset]");
    function addRow() {
        var prefix = formset.getAttribute("data-prefix");
        var total = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
        var template = formset.querySelector("template[data-formset-template]");
        var list = formset.querySelector("[data-formset-list]");
        var index = parseInt(total.value, 10);
        if (index >= 30) {
            say("Można wpisać najwyżej 30 instytucji.");
            return null;
        }
        var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
        var holder = document.createElement("ol");
        holder.innerHTML = html.trim();
        var row = holder.firstElementChild;
        list.appendChild(row);
        total.value = String(index + 1);
        return row;
    }
    if (formset) {
        var addButton = formset.querySelector("[data-formset-add]");
        addButton.addEventListener("click", function (event) {
            event.preventDefault();
            var row = addRow();
            if (row) {
                var input = row.querySelector("input[type=text]");
                if (input) {
                    input.focus();
                }
                say("Dodano wiersz instytucji nr " + form.querySelector("#id_" + formset.getAttribute("data-prefix") + "-TOTAL_FORMS").value + ".");
            }
        });
    }

    /* A local copy newer than the server's draft (e.g. typed while the session had expired). */
    var local = null;
    try {
        local = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (e) {
        local = null;
    }
    if (local && local.savedAt > serverSaved && Array.isArray(local.fields)) {
        var values = {};
        local.fields.forEach(function (pair) {
            (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
        });
        if (formset) {
            var prefix = formset.getAttribute("data-prefix");
            var wanted = parseInt((values[prefix + "-TOTAL_FORMS"] || ["0"])[0], 10);
            var total = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
            while (parseInt(total.value, 10) < wanted && addRow()) {
                /* rows added */
            }
        }
        Array.prototype.forEach.call(form.elements, function (element) {
            if (!element.name || element.type === "file" || element.type === "submit" || element.name === "csrfmiddlewaretoken" || /TOTAL_FORMS|INITIAL_FORMS|MIN_NUM|MAX_NUM/.test(element.name)) {
                return;
            }
            if (element.type === "checkbox") {
                element.checked = Boolean(values[element.name]);
            } else if (values[element.name]) {
                element.value = values[element.name][0];
            }
        });
        say("Przywrócono zmiany zapamiętane w tej przeglądarce; zapisujemy je na serwerze.");
        changedAt = Date.now();
        save();
    } else if (local) {
        forgetLocal();
    }
})();
