# vpcpath - offline network path analyzer for AWS VPCs.
# make            build ./vpcpath
# make check      build and run every test (unit, CLI golden, examples, man lint)
# make check SANITIZE=1   the same under ASan+UBSan (separate build directory)
# make demo       trace a bundled example
# make bench      benchmarks on a generated large topology
# make install    PREFIX=/usr/local DESTDIR=
# V=1             print whole compiler command lines (default: one short line per step)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/vpcpath
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
VERSION := 0.1.0

CC      ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS  ?= -O2 -g
WFLAGS  := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wundef
SANITIZE ?=
ifneq ($(SANITIZE),)
BUILD   := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   ?= build
SANFLAGS :=
endif

PKGS    := yaml-0.1 libcjson
# Asked of pkg-config on first use, not when the Makefile is read: on a fresh machine the
# packages are installed by the `deps` target, which every object waits for (order-only).
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null))$(PKG_LIBS)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

ALL_CFLAGS = $(CFLAGS) $(WFLAGS) $(SANFLAGS) -std=c11 -D_GNU_SOURCE -Iinclude $(PKG_CFLAGS) \
             -DVPCPATH_VERSION=\"$(VERSION)\" -DVPCPATH_DATADIR=\"$(DATADIR)\" -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# Short lines (`CC src/x.c`, `LD vpcpath`) unless V=1 asks for the whole commands.
V ?= 0
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-4s %s\n'
endif
LIBS = $(PKG_LIBS) -lm

SRCS    := $(sort $(wildcard src/*/*.c))
LIBOBJS := $(SRCS:%.c=$(BUILD)/%.o)
# the command table, and `vpcpath completion` with the data generated from it (the
# command table and the getopt tables): the program's, not the library's
COMPLETION_DATA := $(BUILD)/gen/completion_data.c
MAINOBJ := $(BUILD)/src/main.o $(BUILD)/src/completion.o $(BUILD)/gen/completion_data.o
UNIT_SRCS := $(sort $(wildcard tests/unit/check_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps check unit cli examples manlint demo bench install uninstall clean fuzz valgrind warnings hostile

all: vpcpath

# The Debian packages the build needs (and, when a test target is asked for, the tests):
# one ensure-deps run per make, before any compiler, so `make -j` cannot race apt-get.
DEPS_KIND := $(if $(filter check unit cli examples hostile valgrind update-golden,$(MAKECMDGOALS)),check,build)
deps:
	@sh scripts/ensure-deps $(DEPS_KIND)

ifeq ($(SANITIZE),)
vpcpath: $(MAINOBJ) $(BUILD)/libvpcpath.a
	$(say) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAINOBJ) $(BUILD)/libvpcpath.a $(LIBS)
else
vpcpath: $(BUILD)/vpcpath
	@true
endif

$(BUILD)/vpcpath: $(MAINOBJ) $(BUILD)/libvpcpath.a
	$(say) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAINOBJ) $(BUILD)/libvpcpath.a $(LIBS)

$(BUILD)/libvpcpath.a: $(LIBOBJS)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(COMPLETION_DATA): scripts/gen-completion src/main.c src/completion.c $(wildcard src/cmd/*.c)
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)sh scripts/gen-completion src/main.c src/completion.c $(wildcard src/cmd/*.c) >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/completion_data.o: $(COMPLETION_DATA) | deps
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/tests/check_%: tests/unit/check_%.c $(BUILD)/libvpcpath.a | deps
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libvpcpath.a $(LIBS) $(CHECK_LIBS) $(ALL_LDFLAGS)

# The binary the tests run: ./vpcpath, or the sanitizer build.
TEST_BIN = $(if $(SANITIZE),$(BUILD)/vpcpath,./vpcpath)

check: vpcpath $(UNIT_BINS)
	@sh tests/run-all "$(TEST_BIN)" $(UNIT_BINS)

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do CK_FORK=yes $$t || exit 1; done

cli: vpcpath
	@sh tests/cli/run "$(TEST_BIN)"

update-golden: vpcpath
	@sh tests/cli/run "$(TEST_BIN)" --update
	@sh tests/readme-check "$(TEST_BIN)" --update

# -Wall -Wextra clean under gcc and clang (warnings are errors here)
warnings:
	$(MAKE) --no-print-directory BUILD=build-gcc CC=gcc CFLAGS="-O2 -Werror" build-gcc/libvpcpath.a $(subst $(BUILD)/,build-gcc/,$(MAINOBJ))
	$(MAKE) --no-print-directory BUILD=build-clang CC=clang CFLAGS="-O2 -Werror" build-clang/libvpcpath.a $(subst $(BUILD)/,build-clang/,$(MAINOBJ))
	rm -rf build-gcc build-clang

# the golden CLI tests again, each command under valgrind memcheck (errors and leaks fail)
valgrind: vpcpath
	@sh tests/cli/run ./vpcpath --valgrind

demo: all
	@echo '$$ ./vpcpath trace -t configs/examples/gateway-endpoint.yaml --from app-1 --to s3://data-bucket/reports/q3.csv --gb 500'
	@./vpcpath trace -t configs/examples/gateway-endpoint.yaml --from app-1 --to s3://data-bucket/reports/q3.csv --gb 500; \
	  echo "(exit status $$?)"; echo
	@echo '$$ ./vpcpath trace -t configs/examples/nat-only.yaml --from app-1 --to s3://data-bucket --gb 500'
	@./vpcpath trace -t configs/examples/nat-only.yaml --from app-1 --to s3://data-bucket --gb 500; \
	  echo "(exit status $$?)"

bench: all
	@sh tests/bench/run

fuzz:
	@sh tests/fuzz/run $(FUZZ_SECONDS)

# the hostile-input files alone (also part of make check)
hostile: vpcpath
	@sh tests/hostile/run "$(TEST_BIN)"

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	  $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/examples/policies
	install -m 755 vpcpath $(DESTDIR)$(BINDIR)/vpcpath
	install -m 755 scripts/vpcpath-snapshot $(DESTDIR)$(BINDIR)/vpcpath-snapshot
	install -m 755 scripts/vpcpath-org $(DESTDIR)$(BINDIR)/vpcpath-org
	install -m 644 man/vpcpath.1 $(DESTDIR)$(MANDIR)/man1/vpcpath.1
	install -m 644 man/vpcpath-topology.5 $(DESTDIR)$(MANDIR)/man5/vpcpath-topology.5
	install -m 644 man/vpcpath-aws.7 $(DESTDIR)$(MANDIR)/man7/vpcpath-aws.7
	./vpcpath completion bash >$(DESTDIR)$(BASHCOMPDIR)/vpcpath
	./vpcpath completion zsh >$(DESTDIR)$(ZSHCOMPDIR)/_vpcpath
	install -m 644 configs/pricing.yaml $(DESTDIR)$(DATADIR)/pricing.yaml
	install -m 644 configs/rules/*.yaml $(DESTDIR)$(DATADIR)/rules/
	install -m 644 configs/examples/*.yaml $(DESTDIR)$(DATADIR)/examples/
	install -m 644 configs/examples/policies/* $(DESTDIR)$(DATADIR)/examples/policies/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vpcpath $(DESTDIR)$(BINDIR)/vpcpath-snapshot $(DESTDIR)$(BINDIR)/vpcpath-org \
	  $(DESTDIR)$(MANDIR)/man1/vpcpath.1 \
	  $(DESTDIR)$(MANDIR)/man5/vpcpath-topology.5 $(DESTDIR)$(MANDIR)/man7/vpcpath-aws.7 \
	  $(DESTDIR)$(BASHCOMPDIR)/vpcpath $(DESTDIR)$(ZSHCOMPDIR)/_vpcpath
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san vpcpath

-include $(LIBOBJS:.o=.d) $(MAINOBJ:.o=.d)
