/* fibrotrack page behaviour: body maps, steppers, the unsaved-entry draft, red-flag refresh, charts.
   Plain JavaScript, no build step. Every page works without it; this only makes it quicker. */
(function () {
  "use strict";

  var DRAFT_PREFIX = "fibrotrack:draft:";

  function $all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  /* ---- Body map: SVG regions (role=checkbox) mirror the real checkboxes in the list below them. ---- */
  function syncMap(map) {
    var labels = [];
    $all(map, "input[type=checkbox]").forEach(function (input) {
      var region = map.querySelector('.site[data-site="' + input.value + '"]');
      if (region) region.setAttribute("aria-checked", input.checked ? "true" : "false");
      if (input.checked) labels.push(input.parentNode.textContent.trim());
    });
    var list = map.querySelector("[data-selected-list]");
    if (list) list.textContent = labels.length ? labels.join(", ") : "none yet";
  }

  function toggleRegion(region) {
    var map = region.closest("[data-bodymap]");
    var input = map.querySelector('input[type=checkbox][value="' + region.getAttribute("data-site") + '"]');
    if (!input) return;
    input.checked = !input.checked;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function initMaps(root) {
    $all(root, "[data-bodymap]").forEach(function (map) {
      if (map.dataset.ready) return;
      map.dataset.ready = "1";
      map.addEventListener("click", function (event) {
        var region = event.target.closest(".site");
        if (region) toggleRegion(region);
      });
      map.addEventListener("keydown", function (event) {
        var region = event.target.closest(".site");
        if (region && (event.key === " " || event.key === "Enter")) {
          event.preventDefault();
          toggleRegion(region);
        }
      });
      map.addEventListener("change", function () { syncMap(map); });
      syncMap(map);
    });
  }

  /* ---- Steppers (− / +) and the caffeine total ---- */
  function initSteppers(root) {
    $all(root, "[data-step-for]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-step-for"));
        var step = parseFloat(button.getAttribute("data-step"));
        var current = parseFloat(input.value.replace(",", "."));
        var next = Math.max(0, (isNaN(current) ? 0 : current) + step);
        input.value = String(Math.round(next * 10) / 10);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function updateCaffeine(form) {
    var out = form.querySelector("[data-caffeine-total]");
    if (!out) return;
    var total = 0;
    $all(form, "input[data-mg]").forEach(function (input) {
      var n = parseFloat(input.value.replace(",", "."));
      if (!isNaN(n) && n > 0) total += n * parseFloat(input.getAttribute("data-mg"));
    });
    out.textContent = String(Math.round(total));
  }

  /* ---- Follow-up details appear once a symptom is above 0 ---- */
  function updateDetails(form) {
    $all(form, "[data-show-when]").forEach(function (box) {
      var name = box.getAttribute("data-show-when");
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      var value = checked ? parseFloat(checked.value) : NaN;
      var hasError = box.querySelector(".field-error, .has-error");
      box.hidden = !(value > 0) && !hasError;
    });
  }

  /* ---- Draft: a form with data-draft is kept in localStorage until the server confirms it saved ---- */
  function draftKey(form) { return DRAFT_PREFIX + form.getAttribute("data-draft"); }

  function serialize(form) {
    var data = {};
    new FormData(form).forEach(function (value, key) {
      if (key === "csrf_token" || typeof value !== "string") return;
      (data[key] = data[key] || []).push(value);
    });
    return data;
  }

  function meaningful(data) {
    return Object.keys(data).some(function (key) {
      if (key === "on") return false;
      return data[key].some(function (v) { return v !== ""; });
    });
  }

  function restore(form, data) {
    $all(form, "input, textarea, select").forEach(function (el) {
      if (!el.name || el.name === "csrf_token") return;
      var values = data[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.type !== "hidden") {
        el.value = values.length ? values[values.length - 1] : (el.name === "on" ? el.value : "");
      }
    });
  }

  function saveDraft(form) {
    try {
      var data = serialize(form);
      if (meaningful(data)) {
        localStorage.setItem(draftKey(form), JSON.stringify({ savedAt: new Date().toISOString(), data: data }));
      } else {
        localStorage.removeItem(draftKey(form));
      }
    } catch (e) { /* storage full or disabled: the form itself still works */ }
  }

  function initDraft(form) {
    var raw = null;
    try { raw = localStorage.getItem(draftKey(form)); } catch (e) { raw = null; }
    var banner = form.querySelector("[data-draft-banner]");
    var restored = false;
    if (raw && form.getAttribute("data-prefilled") !== "1") {
      try {
        var draft = JSON.parse(raw);
        restore(form, draft.data);
        if (banner) {
          var when = new Date(draft.savedAt);
          var slot = banner.querySelector("[data-draft-when]");
          if (slot && !isNaN(when)) slot.textContent = " (from " + when.toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" }) + ")";
          banner.hidden = false;
        }
        restored = true;
      } catch (e) { /* a damaged draft is ignored */ }
    }
    var discard = form.querySelector("[data-draft-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        try { localStorage.removeItem(draftKey(form)); } catch (e) { /* ignore */ }
        restore(form, {});
        banner.hidden = true;
        refreshAll(form);
      });
    }
    form.addEventListener("input", function () { saveDraft(form); });
    form.addEventListener("change", function () { saveDraft(form); });
    // Once sent, the draft stays until the saved page clears it (a failed save never loses it).
    form.addEventListener("submit", function () { saveDraft(form); });
    return restored;
  }

  function clearSavedDrafts() {
    $all(document, "[data-clear-draft]").forEach(function (el) {
      try { localStorage.removeItem(DRAFT_PREFIX + el.getAttribute("data-clear-draft")); } catch (e) { /* ignore */ }
    });
  }

  /* ---- Red-flag questions: ask the server again when a triage-relevant answer changes ---- */
  var refreshTimer = null;
  function refreshRedFlags() {
    var box = document.getElementById("red-flags");
    if (!box || !window.htmx) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () { window.htmx.trigger(box, "ft-refresh"); }, 120);
  }

  function refreshAll(form) {
    $all(form, "[data-bodymap]").forEach(syncMap);
    updateCaffeine(form);
    updateDetails(form);
    refreshRedFlags();
  }

  function initCheckin(form) {
    form.addEventListener("change", function (event) {
      if (event.target.hasAttribute("data-triage")) refreshRedFlags();
      updateDetails(form);
    });
    form.addEventListener("input", function () { updateCaffeine(form); });
    updateCaffeine(form);
    updateDetails(form);
  }

  /* ---- Charts: Vega-Lite specs embedded as JSON, drawn with the vendored vega-embed ---- */
  function drawCharts() {
    if (!window.vegaEmbed) return;
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    $all(document, "script[data-vega-for]").forEach(function (script) {
      var target = document.getElementById(script.getAttribute("data-vega-for"));
      if (!target) return;
      var spec = JSON.parse(script.textContent);
      var text = dark ? "#eceef2" : "#1b1e24";
      var options = { actions: false, renderer: "svg", config: { text: { color: text }, background: null } };
      if (dark) options.theme = "dark";
      target.innerHTML = "";
      window.vegaEmbed(target, spec, options).then(function (result) {
        var svg = target.querySelector("svg");
        if (svg) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", target.getAttribute("data-label") || "Chart");
          svg.removeAttribute("aria-roledescription");
          $all(svg, "[role], [aria-label], [aria-roledescription]").forEach(function (el) {
            el.removeAttribute("role"); el.removeAttribute("aria-label"); el.removeAttribute("aria-roledescription");
          });
        }
        return result;
      }).catch(function (error) {
        target.textContent = "The chart could not be drawn; the table below has the same data.";
        if (window.console) console.error(error);
      });
    });
  }

  function init(root) {
    initMaps(root);
    initSteppers(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    clearSavedDrafts();
    init(document);
    var form = document.getElementById("checkin-form");
    if (form) {
      initCheckin(form);
      if (initDraft(form)) refreshAll(form);
    }
    var focus = document.querySelector("[data-focus-on-load]");
    if (focus) focus.focus();
    drawCharts();
    if (window.matchMedia) {
      var mq = window.matchMedia("(prefers-color-scheme: dark)");
      if (mq.addEventListener) mq.addEventListener("change", drawCharts);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (target && target.id === "quick-result") {
      target.innerHTML = "";
      var p = document.createElement("p");
      p.className = "field-error";
      p.setAttribute("role", "alert");
      p.textContent = "Not saved (the server said " + event.detail.xhr.status + "). Reload the page and try again.";
      target.appendChild(p);
    }
  });
})();
