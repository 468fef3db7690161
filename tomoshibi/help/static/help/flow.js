// A form POST always adds a browser history entry, even to the same URL. Post the answer in the
// background instead, then replace this page with the next step: the help flow stays one entry
// in the history, and Back leaves it rather than stepping through the answers. Without
// JavaScript (or if anything goes wrong here) the form is simply submitted as usual.
(function () {
  "use strict";
  function plainSubmit(form, submitter) {
    form.setAttribute("data-plain", "");
    form.requestSubmit(submitter);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-replace") || form.hasAttribute("data-plain") || !window.fetch) { return; }
    event.preventDefault();
    var submitter = event.submitter || null;
    // getAttribute: `form.action` would be the button named "action".
    var url = form.getAttribute("action");
    var body = submitter ? new FormData(form, submitter) : new FormData(form);
    fetch(url, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.type !== "opaqueredirect") { throw new Error("expected a redirect"); }
        window.location.replace(url);
      })
      .catch(function () { plainSubmit(form, submitter); });
  });
})();
