// The in-app scanner: the browser's BarcodeDetector, or the vendored zxing-wasm polyfill
// (loaded only here and only when BarcodeDetector is missing). The camera stops whenever the
// screen is left or hidden.
(function () {
  "use strict";

  var root, video, stream = null, detector = null, timer = null, busy = false;
  var SCAN_EVERY_MS = 250;

  function $(selector) { return root.querySelector(selector); }

  function say(text) { $("[data-scanner-status]").textContent = text; }

  function loadPolyfill() {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root.dataset.polyfill;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("polyfill failed to load")); };
      document.head.appendChild(script);
    });
  }

  function getDetector() {
    if (detector) return Promise.resolve(detector);
    var ready = Promise.resolve();
    if (!("BarcodeDetector" in window)) {
      ready = loadPolyfill().then(function () {
        var wasmUrl = new URL(root.dataset.wasm, window.location.href).href;
        // Point zxing-wasm at our copy before the first detector is made (never a CDN).
        return window.BarcodeDetectionAPI.prepareZXingModule({
          overrides: {
            locateFile: function (path, prefix) {
              return path.endsWith(".wasm") ? wasmUrl : prefix + path;
            }
          },
          fireImmediately: true
        });
      });
    }
    return ready.then(function () {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      window.netpwa.scanDetector = detector;
      return detector;
    });
  }

  function stopCamera() {
    clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    if (video) video.srcObject = null;
    if (!root) return;
    $("[data-scanner-view]").hidden = true;
    $("[data-scanner-start]").hidden = false;
    $("[data-scanner-stop]").hidden = true;
  }

  function found(text) {
    stopCamera();
    say("Found a code. Opening it…");
    $("[data-scanner-payload]").value = text;
    $("[data-scanner-form]").submit();
  }

  function tick() {
    if (!stream || busy) return;
    busy = true;
    detector.detect(video).then(function (codes) {
      busy = false;
      if (codes.length && codes[0].rawValue) found(codes[0].rawValue);
      else if (stream) timer = setTimeout(tick, SCAN_EVERY_MS);
    }).catch(function () {
      busy = false;
      if (stream) timer = setTimeout(tick, SCAN_EVERY_MS);
    });
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser can't use the camera here. Use “Scan from a photo” below.");
      return;
    }
    say("Starting the camera…");
    getDetector().then(function () {
      return navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" } }, audio: false
      });
    }).then(function (media) {
      stream = media;
      video.srcObject = media;
      $("[data-scanner-view]").hidden = false;
      $("[data-scanner-start]").hidden = true;
      $("[data-scanner-stop]").hidden = false;
      return video.play();
    }).then(function () {
      say("Looking for a QR code…");
      tick();
    }).catch(function (error) {
      stopCamera();
      say(error && error.name === "NotAllowedError"
        ? "Camera permission was refused. Allow it in the browser, or use “Scan from a photo”."
        : "The camera isn't available. Use “Scan from a photo” below.");
    });
  }

  // Choosing a photo reads it at once: no second tap on "Read the photo" (kept for no script).
  function readPhotoOnChoose() {
    var photo = document.getElementById("scan-photo");
    if (!photo || !photo.form) return;
    var submit = photo.form.querySelector("button[type=submit]");
    if (submit) submit.hidden = true;
    photo.addEventListener("change", function () {
      if (photo.files && photo.files.length) photo.form.requestSubmit();
    });
  }

  // The decoder is not in the first visit's download (most visits never scan): where this browser
  // has no BarcodeDetector, ask the service worker to keep it now, so scanning works offline.
  function keepDecoder() {
    if ("BarcodeDetector" in window || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: "keep", urls: [root.dataset.polyfill, root.dataset.wasm] });
      }
    });
  }

  function init() {
    readPhotoOnChoose();
    root = document.querySelector("[data-scanner]");
    if (!root) return;
    video = $("[data-scanner-video]");
    window.netpwa = window.netpwa || {};
    window.netpwa.scanner = { detector: getDetector, stop: stopCamera, start: startCamera };
    $("[data-scanner-start]").addEventListener("click", startCamera);
    $("[data-scanner-stop]").addEventListener("click", function () {
      stopCamera();
      say("Camera stopped.");
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && stream) {
        stopCamera();
        say("Camera stopped while the app was in the background. Tap Start camera to scan again.");
      }
    });
    window.addEventListener("pagehide", stopCamera);
    keepDecoder();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
