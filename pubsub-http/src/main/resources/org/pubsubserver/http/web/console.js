// The node console: plain JavaScript, no build step, no library. Payloads are only ever written as text
// (textContent, text nodes): nothing a publisher sends becomes markup. See README.md "Server-Sent Events".
"use strict";

(() => {
  const NEWEST = 20; // items shown when a node is opened (?last=N)
  const MAX_SHOWN = 500; // entries kept in the view: a busy node's oldest go, so a page left open stays light
  const TOKEN_KEY = "pubsub-console-token";
  const ATOM = "http://www.w3.org/2005/Atom";
  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  // ---- the list of open nodes --------------------------------------------------------------------------------
  let nodes = [];
  let current = null; // the node being viewed: {node, title, description, access_model, type, items}

  function loadNodes() {
    return fetch("/nodes?details", { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then((list) => { nodes = list; renderNodes(); return list; })
      .catch((error) => { $("list-status").textContent = "Could not load the nodes (" + error.message + ")."; return []; });
  }

  function renderNodes() {
    const typed = $("filter").value.trim();
    const filter = typed.toLowerCase();
    const shown = nodes.filter((n) => !filter || [n.node, n.title, n.description]
      .some((text) => text && text.toLowerCase().includes(filter)));
    const list = $("nodes");
    list.replaceChildren(...shown.map(nodeItem));
    if (typed && !listed(typed)) {
      // a node that is not open is not listed: it is read by name, with the token of the form
      list.append(nodeItem({ node: typed, title: "Not in the list: open it by name",
        description: tokenValue() ? "read with your token" : "nodes that are not open are read with a token (below)" }));
    }
    $("list-status").textContent = nodes.length === 0 ? "No open nodes yet."
      : shown.length === nodes.length ? nodes.length + (nodes.length === 1 ? " node" : " nodes")
      : shown.length + " of " + nodes.length + " nodes match";
  }

  function nodeItem(n) {
    const li = el("li");
    const a = el("a");
    a.href = "?node=" + encodeURIComponent(n.node);
    a.dataset.node = n.node;
    if (current && current.node === n.node) a.setAttribute("aria-current", "true");
    a.append(el("span", "name", n.node));
    if (n.title) a.append(el("span", "title", n.title));
    if (n.description) a.append(el("span", "description", n.description));
    if (n.type) a.append(badges(n, true));
    a.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      history.pushState({ node: n.node }, "", a.href);
      open(n.node, true);
    });
    li.append(a);
    return li;
  }

  /** The node's type (with "counted", a leaf's item count as the list had it when loaded) and access model. */
  function badges(n, counted) {
    const meta = el("span", "meta");
    meta.append(el("span", "badge", n.type === "collection" ? "collection"
      : counted ? n.items + (n.items === 1 ? " item" : " items") : "leaf"));
    meta.append(el("span", "badge", n.access_model));
    return meta;
  }

  // ---- the live view ---------------------------------------------------------------------------------------
  let source = null;
  let lastId = null;      // the id of the last event this page received
  let interrupted = false; // whether the stream dropped since it was last open

  function setStatus(state, text) {
    const status = $("status");
    status.dataset.state = state;
    status.textContent = text;
    const line = el("li", null, new Date().toLocaleTimeString() + " " + text);
    line.dataset.state = state;
    $("connection-log").prepend(line);
  }

  /** The position of a stream's id for the reader: "5" for "node:5", the id itself where it names several nodes. */
  function shownId(id) {
    const one = /^[^,]*:(\d+)$/.exec(id || "");
    return one ? one[1] : id;
  }

  function listed(name) {
    return nodes.some((n) => n.node === name);
  }

  function tokenValue() {
    return $("token").value.trim();
  }

  function streamUrl(name, collection) {
    // a leaf is read as a stream of one node (/eventsource?node=), whose events carry the item id; a collection's
    // stream carries its leaves the same way. A node that is not open is read with the form's token, sent as the
    // pubsub_token cookie (never in the URL, which servers and proxies log; the server refuses a token that may
    // publish there). Publishing never reads the cookie.
    streamCookie(listed(name) ? "" : tokenValue());
    return collection ? "/eventsource/" + encodeURIComponent(name) + "?last=" + NEWEST
      : "/eventsource?node=" + encodeURIComponent(name) + "&last=" + NEWEST;
  }

  function streamCookie(token) {
    const scope = "; path=/eventsource; SameSite=Strict" + (location.protocol === "https:" ? "; Secure" : "");
    document.cookie = token && /^[A-Za-z0-9_.-]+$/.test(token) ? "pubsub_token=" + token + scope
      : "pubsub_token=" + scope + "; max-age=0";
  }

  function open(name, focus) {
    close();
    current = nodes.find((n) => n.node === name) || { node: name, title: "", description: "", type: "leaf" };
    document.title = name + " · pubsub console";
    $("node-name").textContent = name;
    describeCurrent();
    $("publish-node").value = name;
    $("entries").replaceChildren();
    $("entries").dataset.received = "0";
    $("connection-log").replaceChildren();
    renderNodes();
    connect();
    if (focus) $("view").focus();
  }

  function describeCurrent() {
    const about = $("node-about");
    about.replaceChildren();
    if (current.title) about.append(el("strong", null, current.title), " ");
    if (current.description) about.append(current.description, " ");
    if (current.access_model) about.append(badges(current, false));
  }

  function connect(afterReset) {
    lastId = null;
    interrupted = false;
    setStatus("connecting", "connecting…");
    source = new EventSource(streamUrl(current.node, current.type === "collection"));
    source.onopen = () => {
      if (interrupted && lastId) setStatus("resumed", "resumed from id " + shownId(lastId));
      else if (afterReset) setStatus("reset", "reset: the view was reloaded with the newest items");
      else setStatus("connected", interrupted ? "reconnected" : "connected");
      afterReset = false;
      interrupted = false;
      updateEmpty();
    };
    source.onerror = (event) => {
      if (event instanceof MessageEvent) { partRefused(event); return; } // a named "error" event of the server
      if (source.readyState === EventSource.CLOSED) {
        setStatus("closed", "closed: the server refused the stream (no such node, or it is read with a token)");
      } else if (!interrupted) {
        interrupted = true;
        setStatus("reconnecting", "reconnecting…");
      }
    };
    source.onmessage = (event) => {
      lastId = event.lastEventId || lastId;
      // items received on this node's stream (kept on the view for whoever looks, tests included): a resume after a
      // reconnect adds only what was missed, a fresh start would add the newest items again
      $("entries").dataset.received = String(Number($("entries").dataset.received || 0) + 1);
      const data = parse(event.data);
      if (data && typeof data.payload === "string") showItem(data.node, data.id, data.payload);
    };
    on("retract", (data) => removeEntries((entry) => entry.dataset.node === data.node && entry.dataset.item === data.id));
    on("purge", (data) => removeEntries((entry) => entry.dataset.node === data.node));
    on("config", (data) => {
      logLine("configuration of " + data.node + " changed");
      loadNodes().then(() => {
        const fresh = nodes.find((n) => n.node === current.node);
        if (fresh) { current = fresh; describeCurrent(); }
      });
    });
    on("reset", () => {
      // the server cannot bring this page up to date: start over, as a new reader
      setStatus("reset", "reset: reloading the newest items");
      source.close();
      $("entries").replaceChildren();
      connect(true);
    });
    on("delete", (data) => {
      removeEntries((entry) => entry.dataset.node === data.node);
      if (data.node === current.node) {
        close();
        setStatus("closed", "closed: the node was deleted");
        loadNodes();
      } else {
        logLine("node " + data.node + " was deleted");
      }
    });
  }

  function on(name, handle) {
    source.addEventListener(name, (event) => {
      lastId = event.lastEventId || lastId;
      const data = parse(event.data);
      if (data) handle(data);
    });
  }

  function partRefused(event) {
    const data = parse(event.data) || {};
    if (data.node === current.node && data.status === 400 && current.type !== "collection") {
      // a node found by name is a collection: its stream is its own
      current.type = "collection";
      close();
      connect();
      return;
    }
    logLine("node " + (data.node || "?") + " could not be streamed (HTTP " + (data.status || "?") + ")");
  }

  function logLine(text) {
    $("connection-log").prepend(el("li", null, new Date().toLocaleTimeString() + " " + text));
  }

  function close() {
    if (source) {
      source.close();
      source = null;
    }
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  function removeEntries(which) {
    for (const entry of [...$("entries").children]) {
      if (which(entry)) entry.remove();
    }
    updateEmpty();
  }

  function updateEmpty() {
    $("entries-empty").hidden = $("entries").children.length > 0 || !current;
  }

  function showItem(node, id, payload) {
    const entry = el("li", "entry fresh");
    entry.dataset.node = node;
    entry.dataset.item = id;
    const head = el("div", "entry-head");
    head.append(el("span", "entry-id", id));
    if (current && node !== current.node) head.append(el("span", "entry-node", "in " + node));
    head.append(el("span", "entry-received", "received " + new Date().toLocaleTimeString()));
    entry.append(head, render(payload));
    // an item id published again replaces its entry where it is
    const old = [...$("entries").children].find((e) => e.dataset.node === node && e.dataset.item === id);
    if (old) old.replaceWith(entry);
    else $("entries").prepend(entry);
    while ($("entries").children.length > MAX_SHOWN) $("entries").lastElementChild.remove();
    updateEmpty();
  }

  // ---- payloads ----------------------------------------------------------------------------------------------
  function render(payload) {
    const text = payload.trim();
    if (text.startsWith("<")) {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      if (doc.getElementsByTagName("parsererror").length > 0) return code(text);
      const root = doc.documentElement;
      if (root.namespaceURI === ATOM && root.localName === "entry") return atomEntry(root);
      const pre = el("pre", "code xml");
      xml(root, pre, "");
      return pre;
    }
    try {
      return jsonCode(JSON.parse(text));
    } catch (e) {
      return code(payload);
    }
  }

  function code(text) {
    return el("pre", "code", text);
  }

  function atomChild(entry, name) {
    for (const child of entry.children) {
      if (child.namespaceURI === ATOM && child.localName === name) return child;
    }
    return null;
  }

  /** An Atom text construct (RFC 4287 §3.1) as plain text: html is parsed inert and only its text kept. */
  function atomText(element) {
    if (!element) return "";
    const type = element.getAttribute("type");
    if (type === "html") {
      return new DOMParser().parseFromString(element.textContent, "text/html").body.textContent.trim();
    }
    return element.textContent.trim();
  }

  function atomLink(entry) {
    let best = null;
    for (const child of entry.children) {
      if (child.namespaceURI !== ATOM || child.localName !== "link" || !child.getAttribute("href")) continue;
      const rel = child.getAttribute("rel") || "alternate";
      if (rel === "alternate" && (!best || best.rel !== "alternate")) best = { rel, href: child.getAttribute("href") };
      else if (!best) best = { rel, href: child.getAttribute("href") };
    }
    if (!best) return null;
    try {
      const url = new URL(best.href, location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function atomEntry(entry) {
    const box = el("article", "atom");
    const title = atomText(atomChild(entry, "title")) || "(untitled)";
    const heading = el("h3", "entry-title");
    const href = atomLink(entry);
    if (href) {
      const a = el("a", null, title);
      a.href = href;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      heading.append(a);
    } else {
      heading.textContent = title;
    }
    box.append(heading);
    const summary = atomText(atomChild(entry, "summary")) || atomText(atomChild(entry, "content"));
    if (summary) box.append(el("p", "entry-text", summary));
    const times = el("p", "entry-times");
    for (const [name, label] of [["published", "published"], ["updated", "updated"]]) {
      const value = atomText(atomChild(entry, name));
      if (!value) continue;
      const time = el("time", null, formatTime(value));
      time.dateTime = value;
      if (times.childNodes.length) times.append(" · ");
      times.append(label + " ", time);
    }
    if (times.childNodes.length) box.append(times);
    return box;
  }

  function formatTime(value) {
    const date = new Date(value);
    return isNaN(date) ? value : date.toLocaleString();
  }

  /** The XML payload, indented, its parts in spans of their kind; every piece goes in as text. */
  function xml(node, out, indent) {
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
      const text = node.nodeValue.trim();
      if (text) out.append(indent + text + "\n");
      return;
    }
    if (node.nodeType === Node.COMMENT_NODE) {
      out.append(indent, el("span", "x-comment", "<!--" + node.nodeValue + "-->"), "\n");
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    out.append(indent, el("span", "x-tag", "<" + node.nodeName));
    for (const attribute of node.attributes) {
      out.append(" ", el("span", "x-attr", attribute.name), "=", el("span", "x-value", "\"" + attribute.value + "\""));
    }
    const children = [...node.childNodes].filter((c) => c.nodeType !== Node.TEXT_NODE || c.nodeValue.trim());
    if (children.length === 0) {
      out.append(el("span", "x-tag", "/>"), "\n");
    } else if (children.length === 1 && children[0].nodeType === Node.TEXT_NODE) {
      out.append(el("span", "x-tag", ">"), children[0].nodeValue.trim(), el("span", "x-tag", "</" + node.nodeName + ">"), "\n");
    } else {
      out.append(el("span", "x-tag", ">"), "\n");
      for (const child of children) xml(child, out, indent + "  ");
      out.append(indent, el("span", "x-tag", "</" + node.nodeName + ">"), "\n");
    }
  }

  /** The JSON payload pretty-printed, its tokens in spans of their kind. */
  function jsonCode(value) {
    const pre = el("pre", "code json");
    const text = JSON.stringify(value, null, 2);
    const token = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;
    let at = 0;
    let match;
    while ((match = token.exec(text)) !== null) {
      if (match.index > at) pre.append(text.slice(at, match.index));
      if (match[1]) {
        pre.append(el("span", match[2] ? "j-key" : "j-string", match[1]));
        if (match[2]) pre.append(match[2]);
      } else {
        pre.append(el("span", match[3] ? "j-number" : "j-literal", match[0]));
      }
      at = token.lastIndex;
    }
    pre.append(text.slice(at));
    return pre;
  }

  // ---- publishing ------------------------------------------------------------------------------------------
  function publish(event) {
    event.preventDefault();
    const node = $("publish-node").value.trim();
    const token = $("token").value.trim();
    const type = $("content-type").value;
    const body = $("body").value;
    const item = $("item-id").value.trim();
    const problem = !node ? ["publish-node", "Name the node to publish to."]
      : !token ? ["token", "A token is needed to publish."]
      : !body.trim() ? ["body", "The body is empty."]
      : type === "application/json" && parse(body) === null ? ["body", "The body is not valid JSON."]
      : null;
    if (problem) {
      answer("error", problem[1]);
      $(problem[0]).focus();
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    const button = $("publish-button");
    button.disabled = true;
    answer("busy", "Publishing…");
    const url = "/pubsub_post/" + encodeURIComponent(node) + (item ? "?item=" + encodeURIComponent(item) : "");
    fetch(url, { method: "POST", headers: { Authorization: "Bearer " + token, "Content-Type": type }, body })
      .then((response) => response.text().then((text) => ({ response, json: parse(text), text })))
      .then(({ response, json, text }) => {
        if (response.ok) {
          const items = json && Array.isArray(json.items) ? json.items : [];
          answer("ok", "Published " + (items.length ? items.map((i) => "item " + i.id + " (event " + i.event + ")")
            .join(", ") : "(" + response.status + ")") + " to " + ((json && json.node) || node) + ".");
        } else {
          const retry = response.headers.get("Retry-After");
          answer("error", "Refused (" + response.status + (json && json.error ? " " + json.error : "") + "): "
            + ((json && json.message) || text.trim() || response.statusText)
            + (retry ? " Try again in " + retry + " s." : ""));
        }
      })
      .catch((error) => answer("error", "Could not reach the server: " + error.message))
      .finally(() => { button.disabled = false; });
  }

  const EXAMPLES = {
    "application/json": "{\"temperature\": 21.5, \"unit\": \"C\"}",
    "application/xml": "<reading xmlns=\"urn:example:weather\">21.5</reading>",
    "application/atom+xml": "<entry xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>Hello</title>\n"
      + "  <summary>What happened</summary>\n  <link href=\"https://example.org/hello\"/>\n</entry>",
  };

  function showExample() {
    $("body").placeholder = EXAMPLES[$("content-type").value] || "";
  }

  function answer(outcome, text) {
    const result = $("publish-result");
    result.dataset.outcome = outcome;
    result.textContent = text;
  }

  // ---- start ---------------------------------------------------------------------------------------------
  function chosen() {
    return new URLSearchParams(location.search).get("node");
  }

  $("filter").addEventListener("input", renderNodes);
  $("filter").addEventListener("keydown", (event) => {
    const first = $("nodes").querySelector("a");
    if (event.key === "Enter" && first) {
      event.preventDefault();
      first.click();
    }
  });
  $("publish-form").addEventListener("submit", publish);
  $("content-type").addEventListener("change", showExample);
  showExample();
  $("body").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("publish-form").requestSubmit();
  });
  $("token").value = sessionStorage.getItem(TOKEN_KEY) || "";
  $("token").addEventListener("change", () => {
    sessionStorage.setItem(TOKEN_KEY, tokenValue());
    renderNodes();
    // a node that is not open, refused without a token (or with another): read it again with this one
    if (current && !listed(current.node) && $("status").dataset.state === "closed") open(current.node, false);
  });
  window.addEventListener("popstate", () => {
    const node = chosen();
    if (node) open(node, false);
    else { close(); current = null; location.reload(); }
  });
  loadNodes().then(() => {
    const node = chosen();
    if (node) open(node, false);
  });
})();
