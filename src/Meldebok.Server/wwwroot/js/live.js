// Live updates for pages with a [data-live-region]: a small client of the SignalR JSON hub protocol over
// a WebSocket to /hubs/meldebok (same origin, the session cookie authenticates). On every `event` the
// page is fetched again and the live region replaced with the new one, so what shows is always what
// the server's access rules allow. No library: the protocol is a handshake and JSON messages ending in 0x1E.
// The re-fetch carries the header X-Meldebok-Live, so a page may skip what it renders outside the region. A region with
// data-live-interval="ms" is re-fetched at most once per interval: a burst of events gives one fetch at its end. A region
// with data-live-events="type …" is re-fetched only for events of those types (and once on connecting). A <details> keeps
// the state the reader gave it.
(function () {
    'use strict';

    var region = document.querySelector('[data-live-region]');
    if (!region || !window.WebSocket || !window.fetch) {
        return;
    }

    var separator = '\u001e';
    var hub = '/hubs/meldebok';
    var attempt = 0;
    var refreshing = false;
    var again = false;
    var waiting = false;
    var lastStarted = 0;
    var interval = parseInt(region.getAttribute('data-live-interval') || '0', 10) || 0;
    var types = (region.getAttribute('data-live-events') || '').split(/\s+/).filter(Boolean);

    function wanted(event) {
        return types.length === 0 || (!!event && types.indexOf(event.type) >= 0);
    }

    // A <details> the reader opened (or closed) stays so in the fresh markup: matched by its id, else by its summary's text.
    // Done before comparing, so that opening one does not by itself count as a change that replaces the region.
    function disclosureKey(details) {
        var summary = details.querySelector('summary');
        return details.id ? '#' + details.id : (summary ? summary.textContent.trim() : '');
    }

    function keepDisclosures(fresh) {
        var open = {};
        Array.prototype.forEach.call(region.querySelectorAll('details'), function (details) {
            open[disclosureKey(details)] = details.open;
        });
        Array.prototype.forEach.call(fresh.querySelectorAll('details'), function (details) {
            var key = disclosureKey(details);
            if (Object.prototype.hasOwnProperty.call(open, key)) {
                details.open = open[key];
            }
        });
    }

    function refresh() {
        if (refreshing) {
            again = true;
            return;
        }

        var wait = lastStarted + interval - Date.now();
        if (wait > 0) {
            if (!waiting) {
                waiting = true;
                window.setTimeout(function () {
                    waiting = false;
                    refresh();
                }, wait);
            }

            return;
        }

        refreshing = true;
        lastStarted = Date.now();
        fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html', 'X-Meldebok-Live': '1' } })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) {
                if (html === null) {
                    return;
                }

                var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live-region]');
                if (fresh) {
                    keepDisclosures(fresh);
                }

                // Only when something changed: replacing identical markup (the refresh on connecting usually finds nothing
                // new) would move focus and could swallow a click whose press and release straddle the replacement.
                if (fresh && fresh.innerHTML !== region.innerHTML) {
                    region.innerHTML = fresh.innerHTML;
                }
            })
            .catch(function () { /* the next event or reconnect tries again */ })
            .then(function () {
                refreshing = false;
                if (again) {
                    again = false;
                    refresh();
                }
            });
    }

    function reconnectLater() {
        attempt += 1;
        var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(attempt, 5))) * (0.75 + Math.random() / 2);
        window.setTimeout(connect, delay);
    }

    function handle(message) {
        switch (message.type) {
            case 1: // invocation
                if (message.target === 'event') {
                    if (wanted(message.arguments && message.arguments[0])) {
                        refresh();
                    }
                } else if (message.target === 'connected') {
                    // In its groups now: events from here on are pushed; refresh once for anything missed before.
                    document.documentElement.setAttribute('data-live', 'connected');
                    refresh();
                }
                break;
            case 6: // ping: nothing to answer, the server only keeps the connection alive
                break;
            case 7: // close
                throw new Error('closed by server');
        }
    }

    function connect() {
        fetch(hub + '/negotiate?negotiateVersion=1', { method: 'POST', credentials: 'same-origin' })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error('negotiate ' + response.status);
                }

                return response.json();
            })
            .then(function (negotiation) {
                var token = negotiation.connectionToken || negotiation.connectionId;
                var scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
                var socket = new WebSocket(scheme + '//' + window.location.host + hub + '?id=' + encodeURIComponent(token));
                var handshaken = false;
                var buffer = '';

                socket.onopen = function () {
                    socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + separator);
                };

                socket.onmessage = function (e) {
                    buffer += e.data;
                    var parts = buffer.split(separator);
                    buffer = parts.pop();
                    try {
                        parts.forEach(function (part) {
                            var message = JSON.parse(part);
                            if (!handshaken) {
                                handshaken = true;
                                if (message.error) {
                                    throw new Error(message.error);
                                }

                                attempt = 0;
                                return;
                            }

                            handle(message);
                        });
                    } catch (error) {
                        socket.close();
                    }
                };

                socket.onclose = function () {
                    document.documentElement.removeAttribute('data-live');
                    reconnectLater();
                };
            })
            .catch(reconnectLater);
    }

    connect();
}());
