#!/usr/bin/env bash
# Starts and stops real servers from Debian packages for tests of the pubsub component: XMPP servers
# (Prosody 0.12, ejabberd 23.01) with test accounts and the component pubsub.localhost (XEP-0114) with a
# shared secret, and a private PostgreSQL 15 cluster (database and user pubsub, password test-secret).
# Loopback only, fixed test ports. See docs/TEST-SERVERS.md.
#
#   scripts/test-servers.sh install [SERVER]   install the Debian package(s) if missing (also nginx,
#                                              which the tests start themselves: `install nginx`)
#   scripts/test-servers.sh start   SERVER     (re)start with a fresh state, register accounts
#                                              (ejabberd: alice and bob are contacts, for XEP-0356 tests)
#   scripts/test-servers.sh stop    [SERVER]   stop (all when no server given)
#   scripts/test-servers.sh status  [SERVER]
#   scripts/test-servers.sh logs    SERVER     log path and its last lines
# SERVER: prosody, ejabberd or postgresql.
#
# Everything it creates lives under $PUBSUB_TEST_STATE_DIR (one subfolder per server); the
# repository is never written to.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd -P)
TEMPLATE_DIR="$SCRIPT_DIR/test-servers"

STATE_ROOT=${PUBSUB_TEST_STATE_DIR:-${TMPDIR:-/tmp}/pubsub-test-servers}
case "$STATE_ROOT" in /*) ;; *) STATE_ROOT="$PWD/$STATE_ROOT" ;; esac
STATE_ROOT=${STATE_ROOT%/}
COMPONENT=${PUBSUB_TEST_COMPONENT:-pubsub.localhost}
SECRET=${PUBSUB_TEST_SECRET:-test-secret}
DOMAIN=localhost
DEFAULT_ACCOUNTS="alice:alicepass bob:bobpass carol:carolpass"
ACCOUNTS=${PUBSUB_TEST_ACCOUNTS:-$DEFAULT_ACCOUNTS}
PROSODY_C2S_PORT=${PUBSUB_TEST_PROSODY_C2S_PORT:-25222}
PROSODY_COMPONENT_PORT=${PUBSUB_TEST_PROSODY_COMPONENT_PORT:-25347}
EJABBERD_C2S_PORT=${PUBSUB_TEST_EJABBERD_C2S_PORT:-26222}
EJABBERD_COMPONENT_PORT=${PUBSUB_TEST_EJABBERD_COMPONENT_PORT:-26347}
EJABBERD_DIST_PORT=${PUBSUB_TEST_EJABBERD_DIST_PORT:-26370}
POSTGRESQL_PORT=${PUBSUB_TEST_POSTGRESQL_PORT:-25432}
POSTGRESQL_DATABASE=pubsub
POSTGRESQL_USER=pubsub
START_TIMEOUT=${PUBSUB_TEST_START_TIMEOUT:-30}
EJABBERD_NODE=pubsubtest@localhost

PROSODY_BIN=/usr/bin/prosody
PROSODYCTL_BIN=/usr/bin/prosodyctl
EJABBERDCTL_BIN=/usr/sbin/ejabberdctl

# The newest PostgreSQL the package installed (Debian 12: 15).
postgresql_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    echo "${dir:-/usr/lib/postgresql/15/bin}"
}

ALL_SERVERS=(prosody ejabberd postgresql)
# Installed with the servers but never started here: the SSE proxy test (NginxIT) runs nginx with a config of its own.
# systemd (systemd-analyze) and adduser: DebianPackageIT verifies the packaged unit and runs the package's postinst
INSTALL_ONLY=(nginx systemd adduser)
NGINX_BIN=/usr/sbin/nginx

die() { echo "test-servers: $*" >&2; exit 1; }
note() { echo "test-servers: $*" >&2; }

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

check_server() {
    case "${1:-}" in
        prosody|ejabberd|postgresql) ;;
        "") die "missing SERVER (prosody, ejabberd or postgresql)" ;;
        *) die "unknown server '$1' (prosody, ejabberd or postgresql)" ;;
    esac
}

state_dir() { echo "$STATE_ROOT/$1"; }

# --- privileges ------------------------------------------------------------------------------

# install/start/stop need root (apt-get, runuser, ejabberdctl). Re-run through sudo when possible.
need_root() {
    [ "$(id -u)" -eq 0 ] && return 0
    if command -v sudo >/dev/null 2>&1; then
        note "not root: re-running through sudo"
        exec sudo env \
            PUBSUB_TEST_STATE_DIR="$STATE_ROOT" \
            PUBSUB_TEST_COMPONENT="$COMPONENT" \
            PUBSUB_TEST_SECRET="$SECRET" \
            PUBSUB_TEST_ACCOUNTS="$ACCOUNTS" \
            PUBSUB_TEST_PROSODY_C2S_PORT="$PROSODY_C2S_PORT" \
            PUBSUB_TEST_PROSODY_COMPONENT_PORT="$PROSODY_COMPONENT_PORT" \
            PUBSUB_TEST_EJABBERD_C2S_PORT="$EJABBERD_C2S_PORT" \
            PUBSUB_TEST_EJABBERD_COMPONENT_PORT="$EJABBERD_COMPONENT_PORT" \
            PUBSUB_TEST_EJABBERD_DIST_PORT="$EJABBERD_DIST_PORT" \
            PUBSUB_TEST_POSTGRESQL_PORT="$POSTGRESQL_PORT" \
            PUBSUB_TEST_START_TIMEOUT="$START_TIMEOUT" \
            "$SCRIPT_DIR/$(basename "$0")" "$@"
    fi
    die "this command must run as root (or with sudo available): apt-get, runuser and ejabberdctl need it"
}

# --- install ---------------------------------------------------------------------------------

is_installed() {
    local pkg=$1 bin
    case "$pkg" in
        prosody) bin=$PROSODY_BIN ;;
        ejabberd) bin=$EJABBERDCTL_BIN ;;
        postgresql) bin=$(postgresql_bin)/initdb ;;
        nginx) bin=$NGINX_BIN ;;
        systemd) bin=/usr/bin/systemd-analyze ;;
        adduser) bin=/usr/sbin/adduser ;;
    esac
    [ -x "$bin" ] && dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'
}

install_packages() {
    local missing=() s
    for s in "$@"; do is_installed "$s" || missing+=("$s"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${missing[*]} by hand"
    note "installing ${missing[*]} (Debian packages)"
    # Keep the package's own service from starting (it would take the default ports 5222/5280/...):
    # a policy-rc.d that refuses, only if the machine has none, removed afterwards.
    local policy=/usr/sbin/policy-rc.d created_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# temporary, from test-servers.sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        created_policy=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    local rc=0
    (
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
    ) >&2 || rc=$?
    if [ -n "$created_policy" ]; then rm -f "$policy"; trap - EXIT; fi
    [ "$rc" -eq 0 ] || die "apt-get install ${missing[*]} failed (exit $rc)"
    for s in "${missing[@]}"; do is_installed "$s" || die "$s still not installed after apt-get"; done
}

# --- helpers ---------------------------------------------------------------------------------

# render TEMPLATE DEST NAME=VALUE...: replaces @NAME@ with VALUE.
render() {
    local template=$1 dest=$2 content kv name value
    shift 2
    [ -f "$template" ] || die "template not found: $template"
    content=$(<"$template")
    for kv in "$@"; do
        name=${kv%%=*}
        value=${kv#*=}
        content=${content//"@$name@"/"$value"}
    done
    printf '%s\n' "$content" >"$dest"
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid_is_ours PID MARKER: the process exists and its command line mentions MARKER (guards
# against a recycled PID).
pid_is_ours() {
    local pid=$1 marker=$2
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"
}

# Processes of a server: those named by its pid files, plus every process in the process group
# of the launcher (a group leader made by setsid) when a member of that group mentions MARKER in
# its command line (guards against recycled PIDs).
server_pids() {
    local dir=$1 marker=$2 pid f p ours=
    local -A seen=()
    for f in "$dir/launcher.pid" "$dir/prosody.pid" "$dir/ejabberd.pid"; do
        [ -f "$f" ] || continue
        pid=$(tr -dc '0-9' <"$f")
        pid_is_ours "$pid" "$marker" && seen[$pid]=1
    done
    pid=
    [ -f "$dir/launcher.pid" ] && pid=$(tr -dc '0-9' <"$dir/launcher.pid")
    if [ -n "$pid" ]; then
        local group=()
        mapfile -t group < <(ps -e -o pid=,pgid= | awk -v g="$pid" '$2 == g { print $1 }')
        for p in "${group[@]}"; do pid_is_ours "$p" "$marker" && ours=1; done
        if [ -n "$ours" ]; then
            for p in "${group[@]}"; do seen[$p]=1; done
        fi
    fi
    # Plus their descendants: Erlang port programs (eimp, memsup, ...) run in sessions of their own.
    if [ ${#seen[@]} -gt 0 ]; then
        local kids
        kids=$(ps -e -o pid=,ppid= | awk -v roots="${!seen[*]}" '
            BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) in_set[r[i]] = 1 }
            { parent[$1] = $2 }
            END {
                do { added = 0
                     for (p in parent) if (!(p in in_set) && (parent[p] in in_set)) { in_set[p] = 1; added = 1 }
                } while (added)
                for (p in in_set) print p
            }')
        for p in $kids; do seen[$p]=1; done
    fi
    for p in "${!seen[@]}"; do [ -d "/proc/$p" ] && echo "$p"; done
    return 0
}

wait_gone() {
    local seconds=$1 p alive
    shift
    local deadline=$((SECONDS + seconds))
    while :; do
        alive=
        for p in "$@"; do [ -d "/proc/$p" ] && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && return 0
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

server_marker() {
    case "$1" in
        prosody) echo "$(state_dir prosody)/prosody.cfg.lua" ;;
        ejabberd) echo "$(state_dir ejabberd)/" ;;
        postgresql) echo "$(state_dir postgresql)/data" ;;
    esac
}

server_log() {
    case "$1" in
        prosody) echo "$(state_dir prosody)/prosody.log" ;;
        ejabberd) echo "$(state_dir ejabberd)/logs/ejabberd.log" ;;
        postgresql) echo "$(state_dir postgresql)/postgresql.log" ;;
    esac
}

print_log_tail() {
    local s=$1 dir f
    dir=$(state_dir "$s")
    for f in "$(server_log "$s")" "$dir/console.log"; do
        [ -s "$f" ] || continue
        echo "----- last 40 lines of $f -----" >&2
        tail -n 40 "$f" >&2
    done
    if [ "$s" = ejabberd ] && [ -s "$dir/logs/error.log" ]; then
        echo "----- last 40 lines of $dir/logs/error.log -----" >&2
        tail -n 40 "$dir/logs/error.log" >&2
    fi
}

ports_of() {
    case "$1" in
        prosody) echo "$PROSODY_C2S_PORT $PROSODY_COMPONENT_PORT" ;;
        ejabberd) echo "$EJABBERD_C2S_PORT $EJABBERD_COMPONENT_PORT" ;;
        postgresql) echo "$POSTGRESQL_PORT" ;;
    esac
}

# --- stop ------------------------------------------------------------------------------------

stop_server() {
    local s=$1 dir marker pids
    dir=$(state_dir "$s")
    marker=$(server_marker "$s")
    [ -d "$dir" ] || { echo "$s was not running"; return 0; }
    mapfile -t pids < <(server_pids "$dir" "$marker")
    if [ ${#pids[@]} -eq 0 ]; then
        rm -f "$dir/launcher.pid"
        echo "$s was not running"
        return 0
    fi
    if [ "$s" = ejabberd ] && [ -x "$EJABBERDCTL_BIN" ] && [ -f "$dir/ejabberdctl.cfg" ]; then
        timeout 20 "$EJABBERDCTL_BIN" --ctl-config "$dir/ejabberdctl.cfg" stop >/dev/null 2>&1 || true
        wait_gone 10 "${pids[@]}" || true
    elif [ "$s" = postgresql ]; then
        # fast: connections are cut and the cluster shuts down cleanly (a checkpoint, no recovery at the next start)
        runuser -u postgres -- "$(postgresql_bin)/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 || true
        wait_gone 10 "${pids[@]}" || true
    else
        local main=
        [ -f "$dir/prosody.pid" ] && main=$(tr -dc '0-9' <"$dir/prosody.pid")
        if pid_is_ours "$main" "$marker"; then kill -TERM "$main" 2>/dev/null || true; fi
        wait_gone 5 "${pids[@]}" || true
    fi
    # Whatever is left (or ejabberdctl could not reach the node): TERM, then KILL.
    local left=() p
    for p in "${pids[@]}"; do [ -d "/proc/$p" ] && left+=("$p"); done
    if [ ${#left[@]} -gt 0 ]; then
        kill -TERM "${left[@]}" 2>/dev/null || true
        if ! wait_gone 5 "${left[@]}"; then
            kill -KILL "${left[@]}" 2>/dev/null || true
            wait_gone 5 "${left[@]}" || note "could not kill $s processes: ${left[*]}"
        fi
    fi
    rm -f "$dir/launcher.pid"
    echo "stopped $s"
}

# --- start -----------------------------------------------------------------------------------

fresh_state_dir() {
    local s=$1 dir
    dir=$(state_dir "$s")
    mkdir -p "$STATE_ROOT"
    chmod 755 "$STATE_ROOT" 2>/dev/null || true
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 750 "$dir"
    echo "$dir"
}

# The server runs as its own user: every folder above the state folder must let it through.
check_reachable() {
    runuser -u "$1" -- test -w "$2" \
        || die "user $1 cannot reach $2 (a parent folder is not traversable); set PUBSUB_TEST_STATE_DIR elsewhere"
}

wait_ports() {
    local s=$1 pid=$2 port deadline=$((SECONDS + START_TIMEOUT))
    for port in $(ports_of "$s"); do
        until port_open "$port"; do
            if [ ! -d "/proc/$pid" ]; then
                note "$s exited during start-up"
                print_log_tail "$s"
                exit 1
            fi
            if [ $SECONDS -ge $deadline ]; then
                note "$s: port $port not accepting connections after ${START_TIMEOUT}s"
                print_log_tail "$s"
                exit 1
            fi
            sleep 0.1
        done
    done
}

start_prosody() {
    local dir
    dir=$(fresh_state_dir prosody)
    mkdir -p "$dir/data" "$dir/certs"
    render "$TEMPLATE_DIR/prosody.cfg.lua.in" "$dir/prosody.cfg.lua" \
        STATE_DIR="$dir" DOMAIN="$DOMAIN" COMPONENT="$COMPONENT" SECRET="$SECRET" \
        C2S_PORT="$PROSODY_C2S_PORT" COMPONENT_PORT="$PROSODY_COMPONENT_PORT"
    : >"$dir/prosody.log"
    : >"$dir/console.log"
    chown -R prosody:prosody "$dir"
    check_reachable prosody "$dir"
    # runuser resets the open-files limit to 1024; raise it for benchmarks (20000 is the ceiling
    # on the project machines, keep the hard limit if it is lower).
    local nofile
    nofile=$(ulimit -Hn)
    [ "$nofile" = unlimited ] || [ "$nofile" -gt 20000 ] && nofile=20000
    # shellcheck disable=SC2016  # expanded by the inner sh
    setsid runuser -u prosody -- sh -c 'ulimit -n "$1" 2>/dev/null || true; shift; exec "$@"' sh \
        "$nofile" "$PROSODY_BIN" --config "$dir/prosody.cfg.lua" -F \
        </dev/null >>"$dir/console.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/launcher.pid"
    wait_ports prosody "$pid"
    local acct user pass
    for acct in $ACCOUNTS; do
        user=${acct%%:*}
        pass=${acct#*:}
        "$PROSODYCTL_BIN" --config "$dir/prosody.cfg.lua" register "$user" "$DOMAIN" "$pass" \
            >>"$dir/register.log" 2>&1 \
            || { cat "$dir/register.log" >&2; die "prosody: could not register $user@$DOMAIN"; }
    done
}

start_postgresql() {
    local dir bin
    dir=$(fresh_state_dir postgresql)
    bin=$(postgresql_bin)
    chown postgres:postgres "$dir"
    check_reachable postgres "$dir"
    # Local (socket) connections as the postgres superuser need no password; TCP ones need the role's.
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "postgresql: initdb failed"; }
    : >"$dir/postgresql.log"
    chown postgres:postgres "$dir/postgresql.log"
    # Durability as in production (fsync, synchronous_commit on: the defaults); the socket in the state folder.
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -w -t "$START_TIMEOUT" \
        -o "-p $POSTGRESQL_PORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start \
        >"$dir/console.log" 2>&1 \
        || { print_log_tail postgresql; die "postgresql: pg_ctl start failed"; }
    head -n 1 "$dir/data/postmaster.pid" >"$dir/launcher.pid"
    runuser -u postgres -- "$bin/psql" -h "$dir" -p "$POSTGRESQL_PORT" -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE $POSTGRESQL_USER LOGIN CREATEDB PASSWORD '$SECRET'" \
        -c "CREATE DATABASE $POSTGRESQL_DATABASE OWNER $POSTGRESQL_USER" >>"$dir/console.log" 2>&1 \
        || { cat "$dir/console.log" >&2; die "postgresql: could not create the role and database"; }
}

start_ejabberd() {
    local dir
    dir=$(fresh_state_dir ejabberd)
    mkdir -p "$dir/spool" "$dir/logs" "$dir/contrib"
    local cookie
    cookie=$(od -An -N12 -tx1 /dev/urandom | tr -dc '0-9a-f')
    render "$TEMPLATE_DIR/ejabberd.yml.in" "$dir/ejabberd.yml" \
        STATE_DIR="$dir" DOMAIN="$DOMAIN" COMPONENT="$COMPONENT" SECRET="$SECRET" \
        C2S_PORT="$EJABBERD_C2S_PORT" COMPONENT_PORT="$EJABBERD_COMPONENT_PORT"
    render "$TEMPLATE_DIR/ejabberdctl.cfg.in" "$dir/ejabberdctl.cfg" \
        STATE_DIR="$dir" NODE="$EJABBERD_NODE" DIST_PORT="$EJABBERD_DIST_PORT" COOKIE="$cookie"
    : >"$dir/console.log"
    chown -R ejabberd:ejabberd "$dir"
    check_reachable ejabberd "$dir"
    chmod 600 "$dir/ejabberdctl.cfg"
    if port_open "$EJABBERD_DIST_PORT"; then
        die "ejabberd: Erlang distribution port $EJABBERD_DIST_PORT is taken (set PUBSUB_TEST_EJABBERD_DIST_PORT)"
    fi
    # ejabberdctl (run as root) switches to the ejabberd user itself.
    setsid "$EJABBERDCTL_BIN" --ctl-config "$dir/ejabberdctl.cfg" foreground \
        </dev/null >>"$dir/console.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/launcher.pid"
    wait_ports ejabberd "$pid"
    # Each ejabberdctl call boots a small Erlang node (~0.4 s): register the accounts in parallel.
    local acct user pass i=0 pids=() failed=
    for acct in $ACCOUNTS; do
        user=${acct%%:*}
        pass=${acct#*:}
        i=$((i + 1))
        ejabberd_register "$dir" "$user" "$pass" >"$dir/register-$i.log" 2>&1 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    cat "$dir"/register-*.log >"$dir/register.log" 2>/dev/null || true
    rm -f "$dir"/register-*.log
    if [ -n "$failed" ]; then
        cat "$dir/register.log" >&2
        die "ejabberd: could not register the test accounts"
    fi
    # alice and bob are each other's contacts (subscription both, group "friends"); carol is no one's.
    # The presence and roster access models read these rosters through XEP-0356 (mod_privilege).
    if [ "$ACCOUNTS" = "$DEFAULT_ACCOUNTS" ]; then
        ejabberdctl_retry "$dir" add_rosteritem alice "$DOMAIN" bob "$DOMAIN" bob friends both \
            >>"$dir/register.log" 2>&1 &
        local first=$!
        ejabberdctl_retry "$dir" add_rosteritem bob "$DOMAIN" alice "$DOMAIN" alice friends both \
            >>"$dir/register.log" 2>&1 || die "ejabberd: could not add bob's contact alice (see $dir/register.log)"
        wait "$first" || die "ejabberd: could not add alice's contact bob (see $dir/register.log)"
    fi
}

# ejabberdctl_retry DIR COMMAND ARGS...: runs an ejabberdctl command, retrying while the node is still
# finishing its start-up (the port answers before every module is ready: "nodedown" or a command error).
# Only for commands that change nothing when they fail (register, add_rosteritem).
ejabberdctl_retry() {
    local dir=$1 _
    shift
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        "$EJABBERDCTL_BIN" --ctl-config "$dir/ejabberdctl.cfg" "$@" && return 0
        sleep 0.5
    done
    echo "ejabberd: ejabberdctl $1 failed 10 times" >&2
    return 1
}

# ejabberd_register DIR USER PASSWORD
ejabberd_register() {
    local dir=$1 user=$2 pass=$3
    ejabberdctl_retry "$dir" register "$user" "$DOMAIN" "$pass" && return 0
    echo "ejabberd: could not register $user@$DOMAIN" >&2
    return 1
}

start_server() {
    local s=$1
    install_packages "$s"
    stop_server "$s" >/dev/null
    local p
    for p in $(ports_of "$s"); do
        port_open "$p" && die "$s: port $p on 127.0.0.1 is already in use by another process"
    done
    "start_$s"
    if [ "$s" = postgresql ]; then
        echo "started postgresql: jdbc:postgresql://127.0.0.1:$POSTGRESQL_PORT/$POSTGRESQL_DATABASE (user $POSTGRESQL_USER, password $SECRET), log $(server_log "$s")"
        return 0
    fi
    local c2s comp
    read -r c2s comp <<<"$(ports_of "$s")"
    echo "started $s: c2s 127.0.0.1:$c2s, component $COMPONENT on 127.0.0.1:$comp (secret $SECRET), log $(server_log "$s")"
}

# --- status / logs ---------------------------------------------------------------------------

status_server() {
    local s=$1 dir pids c2s comp
    dir=$(state_dir "$s")
    read -r c2s comp <<<"$(ports_of "$s")"
    mapfile -t pids < <([ -d "$dir" ] && server_pids "$dir" "$(server_marker "$s")")
    if [ ${#pids[@]} -gt 0 ]; then
        local up=()
        if [ "$s" = postgresql ]; then port_open "$c2s" && up+=("port $c2s"); else port_open "$c2s" && up+=("c2s $c2s"); fi
        [ -n "$comp" ] && port_open "$comp" && up+=("component $comp")
        echo "$s: running (pids ${pids[*]}; listening: ${up[*]:-none}), log $(server_log "$s")"
        return 0
    fi
    echo "$s: not running"
    return 3
}

# --- main ------------------------------------------------------------------------------------

# The values go into Lua and YAML strings: keep them plain.
case "$SECRET" in *[!A-Za-z0-9._~+=:,/-]*|"") die "PUBSUB_TEST_SECRET may only contain A-Z a-z 0-9 . _ ~ + = : , / -" ;; esac
case "$COMPONENT" in *[!A-Za-z0-9.-]*|"") die "PUBSUB_TEST_COMPONENT must be a plain domain name" ;; esac
case "$STATE_ROOT" in *[!A-Za-z0-9._~+=:,/-]*) die "PUBSUB_TEST_STATE_DIR must not contain spaces or quotes: $STATE_ROOT" ;; esac
for v in "$PROSODY_C2S_PORT" "$PROSODY_COMPONENT_PORT" "$EJABBERD_C2S_PORT" "$EJABBERD_COMPONENT_PORT" \
         "$EJABBERD_DIST_PORT" "$POSTGRESQL_PORT" "$START_TIMEOUT"; do
    case "$v" in *[!0-9]*|"") die "ports and timeout must be numbers (got '$v')" ;; esac
done

cmd=${1:-}
server=${2:-}
[ $# -le 2 ] || usage

case "$cmd" in
    install)
        need_root "$@"
        if [ "$server" = nginx ]; then install_packages nginx
        elif [ -n "$server" ]; then check_server "$server"; install_packages "$server"
        else install_packages "${ALL_SERVERS[@]}" "${INSTALL_ONLY[@]}"; fi
        ;;
    start)
        check_server "$server"
        need_root "$@"
        start_server "$server"
        ;;
    stop)
        need_root "$@"
        if [ -n "$server" ]; then check_server "$server"; stop_server "$server"
        else for s in "${ALL_SERVERS[@]}"; do stop_server "$s"; done; fi
        ;;
    restart)
        check_server "$server"
        need_root "$@"
        start_server "$server"
        ;;
    status)
        rc=0
        if [ -n "$server" ]; then check_server "$server"; status_server "$server" || rc=$?
        else for s in "${ALL_SERVERS[@]}"; do status_server "$s" || rc=$?; done; fi
        exit "$rc"
        ;;
    logs)
        check_server "$server"
        f=$(server_log "$server")
        echo "$f"
        [ -f "$f" ] && tail -n 40 "$f"
        ;;
    -h|--help|help) usage ;;
    *) usage ;;
esac
