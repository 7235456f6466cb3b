# ephvol — ephemeral encrypted scratch volumes.  See README.md.

VERSION       := 0.8.0
SOVERSION     := 0
PREFIX        ?= /usr/local
SBINDIR       ?= $(PREFIX)/sbin
LIBDIR        ?= $(PREFIX)/lib
INCLUDEDIR    ?= $(PREFIX)/include
PKGCONFIGDIR  ?= $(LIBDIR)/pkgconfig
MANDIR        ?= $(PREFIX)/share/man
UDEVRULESDIR  ?= $(PREFIX)/lib/udev/rules.d
UNITDIR       ?= $(PREFIX)/lib/systemd/system
GENERATORDIR  ?= $(PREFIX)/lib/systemd/system-generators
BASHCOMPDIR   ?= $(PREFIX)/share/bash-completion/completions
DESTDIR       ?=

CC            ?= cc
CFLAGS        ?= -O2 -g
B             := build
PKGS          := libcryptsetup devmapper blkid libudev libkmod smartcols
# Asked on first use, not while the Makefile is read: in `make deps demo` the
# -dev packages arrive only when `deps` has run. Each is asked once.
pkg_config     = $(if $(shell pkg-config --exists $(PKGS) && echo ok),$(shell pkg-config $(1)),$(error \
                 pkg-config finds no $(PKGS): run 'make deps' (as root) first))
PKG_CFLAGS     = $(eval PKG_CFLAGS := $(call pkg_config,--cflags $(PKGS)))$(PKG_CFLAGS)
# No binary links a library of PKGS: src/sys/dlopen-*.c and src/cli/dlopen-smartcols.c
# load each when a path needs it (a zram volume needs none of them: their dependencies
# tripled ephvol's start time, and each mapped library adds to its memory), so the
# packages depend on them by name. They are only compiled against.
# The sys tests check what ephvol wrote with libblkid itself (test-swap-format.c).
SYS_TEST_LIBS  = $(eval SYS_TEST_LIBS := $(call pkg_config,--libs blkid))$(SYS_TEST_LIBS)
WARNINGS      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
                 -Wformat=2 -Wno-format-nonliteral -Wvla -Wundef -Wpointer-arith
# Each layer sees the headers of the layers below it, not above: src/shared (pure
# helpers) sees only itself, src/sys (the kernel) shared, src/lib shared and sys (for
# kernel.c), the command all but the library's private headers. Which system headers a
# layer may include is `make lint`'s (tests/lint-layers).
EPH_CFLAGS     = -std=gnu11 $(WARNINGS) -fPIC -fvisibility=hidden -D_GNU_SOURCE \
                 -DEPHVOL_VERSION='"$(VERSION)"' -Iinclude $(LAYER_INC) \
                 $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LAYER_INC      = -Isrc/shared
$(B)/src/sys/%.o:       LAYER_INC = -Isrc/shared -Isrc/sys
$(B)/src/lib/%.o:       LAYER_INC = -Isrc/shared -Isrc/sys -Isrc/lib
$(B)/src/cli/%.o:       LAYER_INC = -Isrc/shared -Isrc/sys -Isrc/cli
$(B)/src/generator/%.o: LAYER_INC = -Isrc/shared
TEST_INC      := -Isrc/shared -Isrc/sys -Isrc/lib -Isrc/cli

SHARED_SRC    := $(wildcard src/shared/*.c)
SYS_SRC       := $(wildcard src/sys/*.c)
LIB_SRC       := $(wildcard src/lib/*.c)
CLI_SRC       := $(wildcard src/cli/*.c)
UNIT_SRC      := $(wildcard tests/unit/test-*.c)
UNIT_H        := $(wildcard tests/unit/*.h)
MAN_SRC       := $(wildcard docs/*.scd)
UNIT_IN       := $(wildcard systemd/*.in)
UNITS         := $(patsubst systemd/%.in,$(B)/systemd/%,$(UNIT_IN))
RULES         := $(patsubst udev/%.in,$(B)/udev/%,$(wildcard udev/*.in))

obj            = $(patsubst %.c,$(B)/%.o,$(1))
SHARED_OBJ    := $(call obj,$(SHARED_SRC))
SYS_OBJ       := $(call obj,$(SYS_SRC))
LIB_OBJ       := $(call obj,$(LIB_SRC))
CLI_OBJ       := $(call obj,$(CLI_SRC))
# Static archives: a binary takes from them only what it calls.
SHARED_A      := $(B)/libephvol-shared.a
SYS_A         := $(B)/libephvol-sys.a
# What is pure: everything but src/sys, the library's binding to it (kernel.c), and the
# command's verbs, which drive src/sys. The unit tests and fuzz targets link every one
# of these objects and nothing of src/sys, so a call from them into the kernel layer
# fails to link.
LIB_PURE_OBJ  := $(filter-out $(B)/src/lib/kernel.o,$(LIB_OBJ))
UNIT_BIN      := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
SYS_TEST_SRC  := $(wildcard tests/sys/test-*.c)
SYS_TEST_BIN  := $(patsubst tests/sys/test-%.c,$(B)/tests/sys-test-%,$(SYS_TEST_SRC))
FUZZ_SRC      := $(filter-out tests/fuzz/fuzz-main.c,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BIN      := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRC))
CLI_DRIVER_OBJ := $(call obj,src/cli/main.c $(wildcard src/cli/cmd-*.c) src/cli/backing-check.c \
                 src/cli/create-backing.c src/cli/create-zram.c)
CLI_PURE_OBJ  := $(filter-out $(CLI_DRIVER_OBJ),$(CLI_OBJ))
MANS          := $(patsubst docs/%.scd,$(B)/man/%,$(MAN_SRC))

LIBNAME       := libephvol.so
LIBSO         := $(B)/$(LIBNAME).$(SOVERSION)
BIN           := $(B)/ephvol
GENERATOR     := $(B)/ephvol-generator

.PHONY: all check check-fuzz check-unit check-host check-vm check-asan bench demo install uninstall deps lint format clean man
.DELETE_ON_ERROR:

all: $(BIN) $(GENERATOR) $(LIBSO) $(B)/$(LIBNAME) $(B)/libephvol.pc $(MANS) $(UNITS) $(RULES)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(EPH_CFLAGS) -MMD -MP -c $< -o $@

$(SHARED_A): $(SHARED_OBJ)
$(SYS_A): $(SYS_OBJ)
$(SHARED_A) $(SYS_A):
	rm -f $@
	$(AR) rcs $@ $^

$(LIBSO): $(LIB_OBJ) $(SYS_A) $(SHARED_A) src/lib/libephvol.sym
	$(CC) -shared -Wl,-soname,$(LIBNAME).$(SOVERSION) -Wl,--version-script=src/lib/libephvol.sym \
		-Wl,--no-undefined -Wl,--as-needed -Wl,-z,relro,-z,now $(LDFLAGS) -o $@ $(LIB_OBJ) \
		$(SYS_A) $(SHARED_A)

$(B)/$(LIBNAME): $(LIBSO)
	ln -sf $(LIBNAME).$(SOVERSION) $@

# The CLI uses only the library's public API, plus src/sys and src/shared.
$(BIN): $(CLI_OBJ) $(SYS_A) $(SHARED_A) $(B)/$(LIBNAME)
	$(CC) -Wl,--as-needed -Wl,-z,relro,-z,now $(LDFLAGS) -o $@ $(CLI_OBJ) $(SYS_A) $(SHARED_A) \
		-L$(B) -lephvol

# The generator names the installed ephvol in the units it writes.
$(B)/src/generator/ephvol-generator.o: src/generator/ephvol-generator.c $(B)/paths.stamp
	@mkdir -p $(@D)
	$(CC) $(EPH_CFLAGS) -DEPHVOL_SBINDIR='"$(SBINDIR)"' -MMD -MP -c $< -o $@

# The generator reads configuration and writes units: src/shared alone.
$(GENERATOR): $(B)/src/generator/ephvol-generator.o $(SHARED_A)
	$(CC) -Wl,-z,relro,-z,now $(LDFLAGS) -o $@ $< $(SHARED_A)

# Files that name install paths are remade when PREFIX & co. change.
PATHS := $(PREFIX) $(SBINDIR) $(LIBDIR) $(INCLUDEDIR)
$(B)/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(PATHS)' > $@.new; cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@

.PHONY: FORCE
FORCE:

$(B)/libephvol.pc: src/lib/libephvol.pc.in Makefile $(B)/paths.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' $< > $@

$(B)/udev/%: udev/%.in Makefile $(B)/paths.stamp
	@mkdir -p $(@D)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' $< > $@

$(B)/systemd/%: systemd/%.in Makefile $(B)/paths.stamp
	@mkdir -p $(@D)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' $< > $@

$(B)/man/%: docs/%.scd
	@mkdir -p $(@D)
	scdoc < $< > $@

man: $(MANS)

# Unit tests link the pure objects directly, to reach internal functions, and not
# src/sys: what they test must not call the kernel layer.
PURE_OBJ      := $(LIB_PURE_OBJ) $(SHARED_OBJ) $(CLI_PURE_OBJ)
$(B)/tests/test-%: tests/unit/test-%.c $(PURE_OBJ) $(UNIT_H)
	@mkdir -p $(@D)
	$(CC) $(EPH_CFLAGS) $(TEST_INC) -Itests/unit -o $@ $< $(PURE_OBJ) -lcmocka

# src/sys's own tests, on this host's kernel (what needs no root): the only test
# binaries that link src/sys (and the library's binding to it).
$(B)/tests/sys-test-%: tests/sys/test-%.c $(PURE_OBJ) $(B)/src/lib/kernel.o $(SYS_A) tests/unit/unit.h
	@mkdir -p $(@D)
	$(CC) $(EPH_CFLAGS) $(TEST_INC) -Itests/unit -o $@ $< $(PURE_OBJ) $(B)/src/lib/kernel.o \
		$(SYS_A) $(SYS_TEST_LIBS) -lcmocka

# Tools the suites run (tests/tools), linked like the unit tests.
TOOL_BIN      := $(patsubst tests/tools/%.c,$(B)/tests/tools/%,$(wildcard tests/tools/*.c))
$(B)/tests/tools/%: tests/tools/%.c $(PURE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(EPH_CFLAGS) $(TEST_INC) -o $@ $< $(PURE_OBJ)

check-unit: $(UNIT_BIN) $(SYS_TEST_BIN)
	tests/run-unit $(UNIT_BIN) $(SYS_TEST_BIN)

# Host-kernel suites: need root and the host's zram; no device-mapper.
check-host: all $(TOOL_BIN)
	tests/vm/run-host-suites tests/host/*.sh

# A build whose ephvol also writes each new volume key to $EPHVOL_TEST_KEY_FILE,
# so the guest suite can prove the key is found nowhere after destroy. Never
# installed; the code is not compiled into any other build.
.PHONY: test-hook-build
test-hook-build:
	$(MAKE) -s B=build-test CFLAGS="$(CFLAGS) -DEPHVOL_TEST_HOOKS" build-test/ephvol

# Real-kernel suites in a QEMU guest running Debian's kernels (dm-crypt, udev): 6.1,
# then 6.12 with the suites tests/run-checks runs there.
GUEST_6_1_ONLY := crash_test safety_test claim_test bench_io_test
check-vm: all test-hook-build $(TOOL_BIN)
	tests/vm/run -K 6.1 tests/guest/*.sh
	tests/vm/run -K 6.12 $(filter-out $(GUEST_6_1_ONLY:%=\%/%.sh),$(wildcard tests/guest/*.sh))

# Two guest boots over the same two disks, attached in swapped order the second
# time: a claim label follows the disk, not its name (tests/disk-order).
.PHONY: check-disk-order
check-disk-order: all
	tests/disk-order/run

# Two real boots with systemd as PID 1 and the Debian packages installed: the
# generator's units at boot and shutdown (tests/boot-units).
.PHONY: check-boot-units
check-boot-units: all
	tests/boot-units/run

# The command's host suites again, against a build with ASan and UBSan.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check-asan: $(TOOL_BIN)
	$(MAKE) -s B=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" build-asan/ephvol
	EPHVOL_BUILD=$(CURDIR)/build-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1 \
		tests/vm/run-host-suites tests/host/cli_usage_test.sh tests/host/zram_test.sh \
		tests/host/zram_features_test.sh tests/host/updown_test.sh tests/host/bench_test.sh \
		tests/host/run_test.sh

check: all $(UNIT_BIN) $(SYS_TEST_BIN) $(FUZZ_BIN) $(TOOL_BIN) test-hook-build
	tests/run-checks $(UNIT_BIN) $(SYS_TEST_BIN)

# Fuzz targets (tests/fuzz/fuzz-NAME.c), each linked with the standalone driver that runs
# it once on every file of tests/fuzz/corpus/NAME; libFuzzer builds: tests/fuzz/README.md.
# Linked like the unit tests, from the pure objects only.
$(B)/fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz-main.c tests/fuzz/fuzz.h $(PURE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(EPH_CFLAGS) $(TEST_INC) -Itests/fuzz $(LDFLAGS) -o $@ $< tests/fuzz/fuzz-main.c \
		$(PURE_OBJ)

# Each target once over its corpus; FUZZ_RUNNER="valgrind -q --error-exitcode=1" to check more.
check-fuzz: $(FUZZ_BIN)
	@n=0; for f in $(FUZZ_BIN); do \
		$(FUZZ_RUNNER) $$f tests/fuzz/corpus/$${f##*/fuzz-} || exit 1; n=$$((n + 1)); \
	done; echo "fuzz targets: $$n passed, 0 failed"

# Timings side by side with the tools people would use by hand (see tests/bench).
# Each stage's output is kept in $(B)/bench/; the goals table (tests/bench/goals)
# comes last, from all of them. BOOT_ROUNDS boots of each setup (default 10). The
# guests have two CPUs, as when docs/speed.md's figures were measured (make check's
# have one).
BOOT_ROUNDS ?= 10
bench: all
	tests/bench/logged $(B)/bench/host.log tests/vm/run-host-suites tests/bench/zram_bench.sh tests/bench/run_bench.sh
	tests/bench/logged $(B)/bench/disk.log tests/vm/run -c 2 -s 1G -t 3600 tests/bench/disk_bench.sh
	tests/bench/logged $(B)/bench/cipher.log tests/vm/run -c 2 -t 1800 tests/bench/cipher_bench.sh
	tests/bench/logged $(B)/bench/boot.log tests/bench/boot_bench.sh $(BOOT_ROUNDS)
	@echo
	@echo "Goals (issue 17): ratio of medians, ephvol / by hand, alternate runs, same run"
	@tests/bench/goals $(B)/bench/host.log $(B)/bench/disk.log $(B)/bench/boot.log

# Debian packages ephvol, libephvol0 and libephvol-dev (debian/), built from a copy
# of the tree so that neither the build nor its clean touches this one. The .debs
# land in $(DEBDIR).
DEBDIR := $(B)/deb
.PHONY: deb
deb:
	rm -rf $(DEBDIR)
	mkdir -p $(DEBDIR)/ephvol-$(VERSION)
	tar -cf - --exclude-vcs --exclude='./build*' . | tar -xf - -C $(DEBDIR)/ephvol-$(VERSION)
	cd $(DEBDIR)/ephvol-$(VERSION) && dpkg-buildpackage -b -us -uc
	rm -rf $(DEBDIR)/ephvol-$(VERSION)
	ls $(DEBDIR)/*.deb

# The main job, on the zram default: create -> write -> status -> destroy.
demo: all
	tests/demo.sh

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(GENERATORDIR) \
		$(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BIN) $(DESTDIR)$(SBINDIR)/ephvol
	install -m 0755 $(GENERATOR) $(DESTDIR)$(GENERATORDIR)/ephvol-generator
	install -m 0755 $(LIBSO) $(DESTDIR)$(LIBDIR)/$(LIBNAME).$(VERSION)
	ln -sf $(LIBNAME).$(VERSION) $(DESTDIR)$(LIBDIR)/$(LIBNAME).$(SOVERSION)
	ln -sf $(LIBNAME).$(SOVERSION) $(DESTDIR)$(LIBDIR)/$(LIBNAME)
	install -m 0644 include/ephvol.h $(DESTDIR)$(INCLUDEDIR)/ephvol.h
	install -m 0644 $(B)/libephvol.pc $(DESTDIR)$(PKGCONFIGDIR)/libephvol.pc
	install -m 0644 $(RULES) $(DESTDIR)$(UDEVRULESDIR)/
	install -m 0644 $(UNITS) $(DESTDIR)$(UNITDIR)/
	for m in $(MANS); do s=$${m##*.}; install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	install -D -m 0644 completion/ephvol.bash $(DESTDIR)$(BASHCOMPDIR)/ephvol
	$(ldconfig)

# The installed binary and generator must find libephvol.so.0 at once (a generator
# that cannot load it dies silently at boot). Packages and DESTDIR installs run
# ldconfig later, the way their own tools do it.
ldconfig = $(if $(DESTDIR),,ldconfig)

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/ephvol $(DESTDIR)$(LIBDIR)/$(LIBNAME)* \
		$(DESTDIR)$(GENERATORDIR)/ephvol-generator \
		$(DESTDIR)$(INCLUDEDIR)/ephvol.h $(DESTDIR)$(PKGCONFIGDIR)/libephvol.pc
	for f in $(RULES); do rm -f $(DESTDIR)$(UDEVRULESDIR)/$${f##*/}; done
	for f in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$${f##*/}; done
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/ephvol
	$(ldconfig)

# Debian packages: BUILD_DEPS build ephvol and run it (`make deps demo`);
# TEST_DEPS add the tests, the QEMU harness and the packaging tools (`make test-deps check`),
# and the second guest kernel, 6.12, which has no meta package (tests/vm/kernels).
BUILD_DEPS := build-essential pkg-config libcryptsetup-dev libdevmapper-dev libblkid-dev libudev-dev \
	libkmod-dev libsmartcols-dev scdoc e2fsprogs util-linux mount kmod
TEST_DEPS := libcmocka-dev shunit2 clang-format cppcheck shellcheck valgrind strace \
	cryptsetup-bin xfsprogs udev systemd python3 bash-completion \
	qemu-system-x86 linux-image-amd64 busybox-static cpio debootstrap zstd \
	debhelper dpkg-dev fakeroot lintian \
	btrfs-progs dosfstools exfatprogs f2fs-tools ntfs-3g squashfs-tools genisoimage \
	lvm2 mdadm bcache-tools dmsetup fdisk gdisk \
	prometheus prometheus-node-exporter curl jq
# Installs only what is missing; `apt-get update` only when something is.
apt_install = @missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $$missing; \
	else echo "All $(2) dependencies are installed."; fi
.PHONY: test-deps
deps:
	$(call apt_install,$(BUILD_DEPS),build)
test-deps:
	$(call apt_install,$(BUILD_DEPS) $(TEST_DEPS),build and test)
	tests/vm/kernels install

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find src include tests -name '*.[ch]')
SHELL_FILES  = .ci/run tests/run-checks tests/run-unit tests/lint-layers tests/demo.sh tests/vm/run tests/vm/kernels tests/vm/guest-suites \
	tests/vm/run-host-suites tests/vm/guest-init tests/lib/*.sh tests/host/*.sh tests/guest/*.sh \
	tests/bench/*.sh tests/bench/goals tests/bench/logged tests/disk-order/* tests/boot-units/run tests/boot-units/*.sh tests/package/run \
	tests/freshroot/run completion/ephvol.bash debian/ephvol.postinst
# cppcheck does not understand __attribute__((cleanup)), so its leak checks are
# off; leaks are caught by valgrind and LeakSanitizer instead.
lint:
	clang-format --dry-run --Werror $(FORMAT_FILES)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--inline-suppr --suppress=missingIncludeSystem --suppress=memleak \
		--suppress=resourceLeak -Iinclude -Isrc/shared -Isrc/sys -Isrc/lib -Isrc/cli -D_GNU_SOURCE \
		-DEPHVOL_SBINDIR=\"/usr/sbin\" src
	shellcheck -x $(SHELL_FILES)
	tests/lint-layers
	tests/lint-layers --self-test

format:
	clang-format -i $(FORMAT_FILES)

clean:
	rm -rf $(B) build-asan build-test

-include $(shell find $(B)/src $(B)/tests $(B)/fuzz -name '*.d' -type f 2>/dev/null)
