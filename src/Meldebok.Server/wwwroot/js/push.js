// The "Varsler på denne enheten" switch of the notification settings page (/varsler). Registers the service worker
// (/push-sw.js), shows whether this browser has a push subscription, and on a change subscribes with the server's VAPID
// public key (pushManager.subscribe) or unsubscribes, then posts the subscription's endpoint and keys to the page's own
// form (signed in by the cookie, protected by the antiforgery token) so that the server stores or removes the device.
(function () {
    'use strict';

    var box = document.getElementById('push-device');
    if (!box) {
        return;
    }

    var toggle = document.getElementById('push-switch');
    var status = document.getElementById('push-status');
    var key = box.getAttribute('data-public-key');

    function say(name) {
        status.textContent = box.getAttribute('data-text-' + name) || '';
    }

    if (!key || !('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
        say('unsupported');
        return;
    }

    function keyBytes(base64url) {
        var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
        base64 += '===='.slice((base64.length % 4) || 4);
        var raw = window.atob(base64);
        var bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) {
            bytes[i] = raw.charCodeAt(i);
        }

        return bytes;
    }

    function post(formId, fields) {
        var form = document.getElementById(formId);
        Object.keys(fields).forEach(function (name) {
            form.querySelector('[data-field="' + name + '"]').value = fields[name];
        });
        form.submit();
    }

    navigator.serviceWorker.register('/push-sw.js').then(function (registration) {
        box.setAttribute('data-registered', 'true');
        return registration.pushManager.getSubscription().then(function (current) {
            toggle.checked = current !== null;
            toggle.disabled = false;
            say(current ? 'on' : 'off');
            toggle.addEventListener('change', function () {
                toggle.disabled = true;
                if (toggle.checked) {
                    Notification.requestPermission().then(function (permission) {
                        if (permission !== 'granted') {
                            throw new Error('denied');
                        }

                        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
                    }).then(function (subscription) {
                        var json = subscription.toJSON();
                        post('push-subscribe', { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth });
                    }).catch(function () {
                        toggle.checked = false;
                        toggle.disabled = false;
                        say('failed');
                    });
                } else {
                    registration.pushManager.getSubscription().then(function (subscription) {
                        if (!subscription) {
                            toggle.disabled = false;
                            say('off');
                            return null;
                        }

                        var endpoint = subscription.endpoint;
                        return subscription.unsubscribe().then(function () {
                            post('push-unsubscribe', { endpoint: endpoint });
                        });
                    }).catch(function () {
                        toggle.checked = true;
                        toggle.disabled = false;
                        say('failed');
                    });
                }
            });
        });
    }).catch(function () {
        say('unsupported');
    });
})();
