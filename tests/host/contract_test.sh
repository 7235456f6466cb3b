#!/bin/bash
# contract_test.sh - docs/contract.md against the program: the commands and
# options of every --help, the JSON members of status, create, status --audit and
# bench for a real zram volume, the configuration keys of the code's own table,
# the names reserved for planned work (still rejected), and links that stay in
# the repository.  A difference in either direction is a failure: the document
# must name everything the program has, and nothing it does not.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

DOC=$TOP/docs/contract.md
OPTIONS_C=$TOP/src/shared/volume-options.c
VOL=ephvol-contract
BQ='`'

suite_oneTimeSetUp() {
	require_root || return 1
	[ -r "$DOC" ] || {
		echo "contract_test: $DOC is missing" >&2
		return 1
	}
	# ephvol loads the module itself; the kernel must have it.
	[ -e /sys/class/zram-control ] || [ -e /sys/module/zram ] || modinfo zram >/dev/null 2>&1 || {
		echo "contract_test: the host kernel has no zram" >&2
		return 1
	}
}

suite_setUp() { state_snapshot "$SHUNIT_TMPDIR/before"; }

suite_tearDown() {
	# A test that failed half-way may leave its volume: remove it, then require
	# the state the test found (its own destroy is asserted in the test).
	ephvol destroy "$VOL" >/dev/null 2>&1
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# ---------------------------------------------------------------- reading the document

# doc_section TITLE: the section whose heading is TITLE (any level), without its
# heading, up to the next heading of the same or a higher level.  Lines in code
# fences are never headings.
doc_section() {
	awk -v t="$1" '
		/^```/ { fence = !fence }
		!fence && /^#+ / {
			lvl = index($0, " ") - 1
			if (on && lvl <= onlvl) exit
			if (!on && substr($0, lvl + 2) == t) { on = 1; onlvl = lvl; found = 1; next }
		}
		on
		END { if (!found) { print "contract_test: no section \"" t "\"" > "/dev/stderr"; exit 1 } }
	' "$DOC"
}

# table_names: the first `code` of the first cell of each table row on stdin.
table_names() {
	awk -F'|' '/^\| *`/ { if (match($2, /`[^`]+`/)) print substr($2, RSTART + 1, RLENGTH - 2) }'
}

# option_words: the options (-x, --xyz) in the text on stdin, each on a line,
# sorted, without -h/--help (every command has those).
option_words() {
	grep -oE -- '(^|[][ (`,|])-{1,2}[A-Za-z][A-Za-z0-9-]*' | sed 's/^[^-]*//' |
		grep -vxE -- '-h|--help' | LC_ALL=C sort -u
}

# table_options: the options in the first cell of each table row on stdin.
table_options() {
	awk -F'|' '/^\| *`-/ { print $2 }' | option_words
}

# help_options FILE: the options a --help text defines: those of its usage lines
# and the first column of its option lines (not those its prose mentions).
help_options() {
	{
		sed -n '/^Usage:/p; /^       ephvol /p' "$1"
		sed -nE 's/^ +(-[^ ].*)$/\1/p' "$1" | sed -E 's/ {2,}.*//'
	} | option_words
}

# doc_verbs: the commands of the "Commands" section (### ephvol VERB).
doc_verbs() {
	doc_section Commands | sed -n 's/^### ephvol \([a-z-]*\)$/\1/p' | LC_ALL=C sort -u
}

lines() { tr '\n' ' ' | sed 's/ $//'; }

# ---------------------------------------------------------------- JSON checks

# check_fields HEADING FILE KEY: every object of the array KEY in the JSON FILE has
# exactly the fields of the table under HEADING, each of the documented type,
# never null where the document says "never", and one of the values listed after
# "one of:".  Prints the differences; non-zero if there are any.
check_fields() {
	doc_section "$1" >"$SHUNIT_TMPDIR/section" || return 1
	python3 - "$SHUNIT_TMPDIR/section" "$2" "$3" <<'PY'
import json, re, sys

section, jfile, key = sys.argv[1:4]
rows = [l for l in open(section).read().split('\n') if l.startswith('|')]
header = [c.strip() for c in rows[0].strip('|').split('|')]
col = {name: header.index(name) for name in header}
doc = {}
for row in rows[2:]:
    cells = [c.strip() for c in row.strip('|').split('|')]
    name = re.search(r'`([^`]+)`', cells[0]).group(1)
    values = cells[col['value']]
    allowed = None
    if 'one of:' in values:
        head = re.split(r'\.\s|;', values.split('one of:', 1)[1])[0]
        allowed = re.findall(r'`([^`]+)`', head)
    doc[name] = (cells[col['type']], cells[col['null when']], allowed)

types = {'string': (str,), 'integer': (int,), 'number': (int, float)}
objects = json.load(open(jfile))[key]
problems = []
if not objects:
    problems.append('"%s" is empty: nothing to compare' % key)
for o in objects:
    for f in sorted(set(o) - set(doc)):
        problems.append('JSON has "%s", which the document does not list' % f)
    for f in sorted(set(doc) - set(o)):
        problems.append('the document lists "%s", which the JSON does not have' % f)
    for f, (typ, null_when, allowed) in doc.items():
        if f not in o:
            continue
        v = o[f]
        if v is None:
            if null_when == 'never':
                problems.append('"%s" is null, but the document says never' % f)
            continue
        if typ not in types:
            problems.append('"%s": unknown type "%s" in the document' % (f, typ))
        elif isinstance(v, bool) or not isinstance(v, types[typ]):
            problems.append('"%s" is %r, not a %s' % (f, v, typ))
        if allowed is not None and v not in allowed:
            problems.append('"%s" is %r, not one of %s' % (f, v, allowed))
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
}

# A zram swap volume, and what status, create and the audit say about it.
make_volume() {
	assert_exit 0 ephvol create "$VOL" --swap --zram 16M --json || return 1
	cp "$STDOUT" "$SHUNIT_TMPDIR/create.json"
	assert_exit 0 ephvol status --json "$VOL" || return 1
	cp "$STDOUT" "$SHUNIT_TMPDIR/status.json"
	assert_exit 0 ephvol status --audit --json || return 1
	cp "$STDOUT" "$SHUNIT_TMPDIR/audit.json"
	assert_exit 0 ephvol status "$VOL" || return 1
	cp "$STDOUT" "$SHUNIT_TMPDIR/status.txt"
	assert_exit 0 ephvol status --audit || return 1
	cp "$STDOUT" "$SHUNIT_TMPDIR/audit.txt"
	assert_exit 0 ephvol destroy "$VOL"
}

# ---------------------------------------------------------------- commands and options

testCommandsAreThoseOfHelp() {
	local help doc
	assert_exit 0 ephvol --help || return
	help=$(awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }' \
		"$STDOUT" | LC_ALL=C sort -u | lines)
	doc=$(doc_verbs | lines)
	assertNotEquals 'commands found in --help' '' "$help"
	assertEquals 'ephvol --help commands against the "### ephvol VERB" sections' "$help" "$doc"
}

# assert_option_known [VERB] OPTION: the command line parser takes OPTION.  The
# word after it is an unknown option, which ends the run at parsing (exit 2) if
# OPTION takes no argument, and is consumed as OPTION's argument otherwise; either
# way the error, if any, must not be about OPTION itself.
assert_option_known() {
	local opt=${*: -1}
	ephvol "$@" --no-such-option-contract >"$STDOUT" 2>"$STDERR"
	if grep -qF -- "'$opt' is not known" "$STDERR"; then
		fail "ephvol $*: the document names $opt, which the program does not know"
	fi
}

testGlobalOptionsAreThoseOfHelp() {
	local help doc opt
	assert_exit 0 ephvol --help || return
	# Only the "Options:" part: the command lines name options of the commands.
	sed -n '/^Options:/,/^$/p' "$STDOUT" >"$SHUNIT_TMPDIR/global-help"
	help=$(help_options "$SHUNIT_TMPDIR/global-help" | lines)
	doc=$(doc_section 'Global options' | table_options | lines)
	assertEquals 'global options (without --help)' '--quiet --verbose --version -V -q -v' "$help"
	assertEquals 'ephvol --help options against "Global options"' "$help" "$doc"
	for opt in $doc; do
		assert_option_known "$opt"
	done
	# The control: an option that does not exist is named as unknown.
	ephvol -Z >"$STDOUT" 2>"$STDERR"
	assert_contains "$STDERR" "'-Z' is not known"
}

# Long options: exactly those of the command's --help.  Short options: every one
# the --help shows is documented (the document may name short forms a --help
# leaves out), and every option the document names is one the parser takes.
testOptionsOfEachCommandAreThoseOfItsHelp() {
	local verb help doc opt
	for verb in $(doc_verbs); do
		# probe is for udev: its only option is --help (testProbeHelp).
		[ "$verb" = probe ] && continue
		assert_exit 0 ephvol "$verb" --help || continue
		help_options "$STDOUT" >"$SHUNIT_TMPDIR/help-opts"
		doc_section "ephvol $verb" | table_options >"$SHUNIT_TMPDIR/doc-opts"
		help=$(grep -- '^--' "$SHUNIT_TMPDIR/help-opts" | lines)
		doc=$(grep -- '^--' "$SHUNIT_TMPDIR/doc-opts" | lines)
		# gc's only option may be the global -q of its usage line.
		assertNotEquals "$verb: options found in --help" '' "$(lines <"$SHUNIT_TMPDIR/help-opts")"
		assertEquals "ephvol $verb --help long options against its table in the document" \
			"$help" "$doc"
		while read -r opt; do
			grep -qxF -- "$opt" "$SHUNIT_TMPDIR/doc-opts" ||
				fail "ephvol $verb --help shows $opt, which its table in the document lacks"
		done < <(grep -v -- '^--' "$SHUNIT_TMPDIR/help-opts")
		while read -r opt; do
			assert_option_known "$verb" "$opt"
		done <"$SHUNIT_TMPDIR/doc-opts"
	done
	ephvol status -Z >"$STDOUT" 2>"$STDERR"
	assert_contains "$STDERR" "'-Z' is not known"
}

testProbeHelp() {
	# Was: --help taken for a DEVICE, exit 1 and nothing printed.
	assert_exit 0 ephvol probe --help
	assert_contains "$STDOUT" '^Usage: ephvol probe DEVICE$'
	assert_exit 0 ephvol probe -h
	doc_section 'ephvol probe' | tr '\n' ' ' | grep -qF "no options but ${BQ}-h${BQ}, ${BQ}--help${BQ}" ||
		fail 'the probe section does not say it takes only --help'
}

# ---------------------------------------------------------------- JSON

testStatusJsonFields() {
	local out
	make_volume || return
	out=$(check_fields 'Fields of status --json' "$SHUNIT_TMPDIR/status.json" volumes) ||
		fail "status --json against the document:
$out"
}

testCreateJsonFields() {
	local out
	make_volume || return
	out=$(check_fields 'Fields of status --json' "$SHUNIT_TMPDIR/create.json" volumes) ||
		fail "create --json against the document:
$out"
	assertEquals 'create --json shows the new volume' "$VOL" \
		"$(json_get "$SHUNIT_TMPDIR/create.json" 'd["volumes"][0]["name"]')"
}

testAuditJsonFields() {
	local out
	make_volume || return
	out=$(check_fields 'Fields of status --audit --json' "$SHUNIT_TMPDIR/audit.json" audit) ||
		fail "status --audit --json against the document:
$out"
	# The volume's own entry, so that "volume" was seen set.
	assertEquals 'the audit names the volume' "$VOL" \
		"$(json_get "$SHUNIT_TMPDIR/audit.json" '[e["volume"] for e in d["audit"] if e["volume"]][0]')"
}

# The --output column names are the JSON fields, and the default columns are the
# starred ones of the document.
testColumnsAreTheFields() {
	local help_cols doc_fields doc_cols default doc_default
	make_volume || return
	assert_exit 0 ephvol status --help || return

	help_cols=$(sed -n '/^Columns:/,/^Audit columns:/p' "$STDOUT" | sed '$d' |
		grep -oE '\b[A-Z][A-Z_]+\b' | LC_ALL=C sort -u | lines)
	doc_fields=$(doc_section 'Fields of status --json' | table_names | tr '[:lower:]' '[:upper:]' | LC_ALL=C sort -u | lines)
	doc_cols=$(doc_section 'ephvol status' | sed -n '/^Volume columns/,/^$/p' |
		grep -oE "${BQ}[A-Z_]+${BQ}" | tr -d "$BQ" | LC_ALL=C sort -u | lines)
	assertNotEquals 'columns found in status --help' '' "$help_cols"
	assertEquals 'status --help columns against the status --json field table' "$help_cols" "$doc_fields"
	assertEquals 'status --help columns against the "Volume columns" list' "$help_cols" "$doc_cols"
	default=$(head -n 1 "$SHUNIT_TMPDIR/status.txt" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort -u | lines)
	doc_default=$(doc_section 'ephvol status' | sed -n '/^Volume columns/,/^$/p' |
		grep -oE "${BQ}[A-Z_]+${BQ}[*]" | tr -d "$BQ*" | LC_ALL=C sort -u | lines)
	assertEquals 'default columns of status against the starred ones' "$default" "$doc_default"

	help_cols=$(sed -n 's/^Audit columns: //p' "$STDOUT" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort -u | lines)
	doc_fields=$(doc_section 'Fields of status --audit --json' | table_names | tr '[:lower:]' '[:upper:]' | LC_ALL=C sort -u | lines)
	doc_cols=$(doc_section 'ephvol status' | sed -n '/^Audit columns/,/^$/p' |
		grep -oE "${BQ}[A-Z_]+${BQ}" | tr -d "$BQ" | LC_ALL=C sort -u | lines)
	assertEquals 'audit columns against the audit field table' "$help_cols" "$doc_fields"
	assertEquals 'audit columns against the "Audit columns" list' "$help_cols" "$doc_cols"
	# "all but CIPHER by default"
	default=$(head -n 1 "$SHUNIT_TMPDIR/audit.txt" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort -u | lines)
	assertEquals 'default audit columns' "$(echo "$help_cols" | tr ' ' '\n' | grep -vx CIPHER | lines)" "$default"
	assert_contains "$DOC" "all but \`CIPHER\` by default"
}

testBenchJsonMembers() {
	local out
	# A small sample and one cipher keep it short; the shape is the same.
	seq 1 20000 >"$SHUNIT_TMPDIR/sample"
	assert_exit 0 ephvol bench --json --cipher auto --sample "$SHUNIT_TMPDIR/sample" || return
	doc_section 'bench --json' >"$SHUNIT_TMPDIR/section" || return
	out=$(python3 - "$SHUNIT_TMPDIR/section" "$STDOUT" <<'PY'
import json, re, sys

rows = [l for l in open(sys.argv[1]).read().split('\n') if l.startswith('| `')]
doc = {}
for row in rows:
    cells = [c.strip() for c in row.strip('|').split('|')]
    doc[re.search(r'`([^`]+)`', cells[0]).group(1)] = set(
        re.findall(r'\b(string|integer|number|array|object|boolean|null)\b', cells[1]))

def kind(v):
    if v is None: return 'null'
    if isinstance(v, bool): return 'boolean'
    if isinstance(v, int): return 'integer'
    if isinstance(v, float): return 'number'
    if isinstance(v, str): return 'string'
    if isinstance(v, list): return 'array'
    return 'object'

seen = {}
def walk(v, path):
    if isinstance(v, dict):
        for k, x in v.items():
            p = path + '.' + k if path else k
            seen.setdefault(p, []).append(x)
            walk(x, p)
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, dict):
                walk(x, path + '[]')

d = json.load(open(sys.argv[2]))
walk(d, '')
problems = []
if not d.get('compressors'):
    problems.append('no compressor measured: compressors[] members not seen')
for p in sorted(set(seen) - set(doc)):
    problems.append('bench --json has "%s", which the document does not list' % p)
for p in sorted(set(doc) - set(seen)):
    problems.append('the document lists "%s", which bench --json does not have' % p)
for p in sorted(set(seen) & set(doc)):
    for v in seen[p]:
        k = kind(v)
        ok = k in doc[p] or (k == 'integer' and 'number' in doc[p])
        if not ok:
            problems.append('"%s" is %r (%s), the document says %s' % (p, v, k, sorted(doc[p])))
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
) || fail "bench --json against the document:
$out"
}

# ---------------------------------------------------------------- configuration

# conf_up ROOT: `ephvol up` of a volume that is not configured, reading the
# configuration below ROOT: the files are read (and judged), nothing is built.
conf_up() {
	assert_exit 2 ephvol up --root "$1" ephvol-contract-none
}

# conf_key_accepted KEY: whether the configuration accepts KEY (with an empty
# value, which every key takes: it resets the key), as ephvol itself reads it.
conf_key_accepted() {
	local root=$SHUNIT_TMPDIR/conf-$1
	mkdir -p "$root/etc/ephvol.conf.d"
	printf '[ct]\nrole = raw\n' >"$root/etc/ephvol.conf"
	# A drop-in: role itself may be set again there.
	printf '[ct]\n%s =\n' "$1" >"$root/etc/ephvol.conf.d/50-key.conf"
	conf_up "$root" || return 2
	if grep -q 'is not configured' "$STDERR"; then
		return 0
	fi
	grep -q "unknown key '$1'" "$STDERR" && return 1
	fail "key $1: unexpected message: $(cat "$STDERR")"
	return 2
}

testConfigKeysAreThoseOfTheCode() {
	local code doc n_enum n_table k
	# The code's own table, volume_options[] in src/shared/volume-options.c (its keys,
	# `.key = "NAME"`), and the number of its entries against the VOLUME_OPTION_ values of
	# its enum, so that an entry written another way is not missed.
	code=$(awk '/^const struct volume_option volume_options\[_VOLUME_OPTION_MAX\] = \{/ { on = 1; next }
		on && /^};/ { exit } on' "$OPTIONS_C" |
		grep -o '\.key = "[^"]*"' | sed 's/^\.key = "\(.*\)"$/\1/' | LC_ALL=C sort -u)
	n_table=$(awk '/^const struct volume_option volume_options\[_VOLUME_OPTION_MAX\] = \{/ { on = 1; next }
		on && /^};/ { exit } on && /^\t\[VOLUME_OPTION_[A-Z_]*\] = \{/ { n++ } END { print n }' "$OPTIONS_C")
	n_enum=$(awk '/^enum volume_option_id \{/ { on = 1; next } on && /_VOLUME_OPTION_MAX/ { exit }
		on && /^\tVOLUME_OPTION_/ { n++ } END { print n }' "${OPTIONS_C%.c}.h")
	assertEquals 'entries of volume_options[] against the volume_option_id enum' "$n_enum" "$n_table"
	doc=$(doc_section Keys | table_names | LC_ALL=C sort -u)
	assertEquals 'src/shared/volume-options.c keys against the "Keys" table' "$(echo "$code" | lines)" \
		"$(echo "$doc" | lines)"

	# And ephvol itself takes each key of the document, and no other.
	for k in $doc; do
		conf_key_accepted "$k"
		assertEquals "configuration key '$k' is accepted" 0 $?
	done
	conf_key_accepted no-such-key
	assertEquals 'an unknown key is refused' 1 $?
}

# ---------------------------------------------------------------- reserved names

testReservedNamesAreRejected() {
	local section name kind value n=0
	section=$(doc_section 'Reserved for planned work') || return
	while IFS='|' read -r _ name kind _; do
		name=$(echo "$name" | tr -d '`' | sed 's/^ *//; s/ *$//')
		kind=$(echo "$kind" | sed 's/^ *//; s/ *$//')
		value=${name#* }
		[ "$value" = "$name" ] && value=x
		name=${name%% *}
		n=$((n + 1))
		case $kind in
		command)
			assert_exit 2 ephvol "$name"
			assert_contains "$STDERR" "Unknown command '$name'"
			;;
		'option of create')
			assert_exit 2 ephvol create ephvol-contract-r --raw --zram 16M "$name" "$value"
			assert_contains "$STDERR" "'$name' is not known"
			;;
		'option of status')
			assert_exit 2 ephvol status --audit "$name" "$value"
			assert_contains "$STDERR" "'$name' is not known"
			;;
		'config key')
			conf_key_accepted "$name"
			assertEquals "reserved key '$name' is an unknown key" 1 $?
			;;
		*) fail "reserved $name: unknown kind '$kind'" ;;
		esac
	done < <(echo "$section" | grep '^| `')
	# A section without names says so.
	if [ "$n" -eq 0 ]; then
		assertContains 'no reserved names, said so' "$section" 'No name is reserved in this version.'
	fi
	# No longer reserved: they exist (see their sections of Commands and Keys).
	for name in run gc '--comp-level N' '--comp-dict FILE' comp-level comp-dict \
		'--writeback-idle-age DURATION' writeback-idle-age '--format prometheus' \
		'--integrity aead' integrity; do
		assertNotContains "no longer reserved: $name" "$section" "| $BQ$name$BQ |"
	done
}

# ---------------------------------------------------------------- links

testLinksStayInTheRepository() {
	local out
	out=$(python3 - "$TOP" "$DOC" "$TOP/README.md" <<'PY'
import os, re, sys

top = os.path.realpath(sys.argv[1])
problems = []

def slug(heading):
    return re.sub(r'[^\w\- ]', '', heading.strip().lower()).replace(' ', '-')

for path in sys.argv[2:]:
    text = open(path).read()
    fenced = re.sub(r'```.*?```', '', text, flags=re.S)
    anchors = {slug(h) for h in re.findall(r'^#+ (.*)$', fenced, flags=re.M)}
    for target in re.findall(r'\]\(([^)\s]+)\)', fenced):
        if re.match(r'[a-z]+:', target):
            continue
        file, _, anchor = target.partition('#')
        if not file:
            if anchor not in anchors:
                problems.append('%s: no heading for #%s' % (path, anchor))
            continue
        full = os.path.realpath(os.path.join(os.path.dirname(path), file))
        if not (full + '/').startswith(top + '/'):
            problems.append('%s: %s is outside the repository' % (path, target))
        elif not os.path.exists(full):
            problems.append('%s: %s does not exist' % (path, target))
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
) || fail "links:
$out"
	# Nothing in the tree points at the contract's old home outside it.
	out=$(cd "$TOP" && grep -rnE --exclude-dir=.git --exclude-dir='build*' \
		'[.][.]/shared|SPEC[.]md' . 2>/dev/null)
	assertEquals 'references to files outside the repository' '' "$out"
}

. shunit2
