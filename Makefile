# heiiki - closed-network Databricks on AWS, set up and verified.
# Plain Makefile.  Sources are found by wildcard: adding a file under src/,
# ui/ or tests/unit/ needs no edit here.  Quiet unless V=1.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
LOCALEDIR  ?= $(PREFIX)/share/locale
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=
CC         ?= cc
PYTHON     ?= /usr/bin/python3
BUILD      ?= build
PKGS       := ncursesw libcurl libcjson openssl libxml-2.0 inih

WARN := -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
        -Wmissing-prototypes -Wwrite-strings -Wcast-qual -Wundef
# snprintf truncation is the intended, safe behaviour for display strings
# (gcc only: clang 14 does not know the option).
ifneq ($(findstring clang,$(CC)),clang)
WARN += -Wno-format-truncation
endif
ifeq ($(CI),true)
WARN += -Werror
endif

PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS   += -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DHK_VERSION='"$(VERSION)"' \
              -DHK_DATADIR='"$(PREFIX)/share/heiiki"' \
              -DHK_LOCALEDIR='"$(LOCALEDIR)"' -Isrc -Iui
CFLAGS     ?= -O2 -g
ALL_CFLAGS := $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS     += $(PKG_LIBS) -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

ENGINE_SRC := $(sort $(wildcard src/*/*.c src/*/*/*.c))
UI_SRC     := $(sort $(wildcard ui/*.c ui/*/*.c))
MAIN_SRC   := src/main.c
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNITSUP_SRC:= $(sort $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c)))

ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ     := $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ   := $(MAIN_SRC:%.c=$(BUILD)/%.o)
UNITSUP_OBJ:= $(UNITSUP_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB        := $(BUILD)/libheiiki.a
BIN        := $(BUILD)/heiiki
# message catalogs: assets/locale/ja.po -> build/locale/ja/LC_MESSAGES/heiiki.mo,
# found by the binary next to itself (src/core/hk_i18n.c)
PO_LANGS   := $(sort $(basename $(notdir $(wildcard assets/locale/*.po))))
MO         := $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/heiiki.mo)

.DEFAULT_GOAL := all

FORCE:
.PHONY: FORCE all deps test unit pytest demo demo-reseed asan fuzz fuzz-short bench install uninstall clean lint pot mo

all: $(BIN) $(MO)

mo: $(MO)

$(BUILD)/locale/%/LC_MESSAGES/heiiki.mo: assets/locale/%.po
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(ENGINE_OBJ)
	@[ "$(V)" = 1 ] || echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(UI_OBJ) $(LIB)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(UI_OBJ) $(LIB) $(LDLIBS)
	$(Q)ln -sf $(notdir $@) $(BUILD)/heiiki-bin 2>/dev/null || true

# UI unit tests link the ui/ objects; engine tests link only the engine.
UI_LIB_OBJ := $(filter-out $(BUILD)/ui/ui_entry.o,$(UI_OBJ))
$(BUILD)/tests/test_ui_%: tests/unit/test_ui_%.c $(UNITSUP_OBJ) $(UI_LIB_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  TEST-CC $<"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $< $(UNITSUP_OBJ) $(UI_LIB_OBJ) $(LIB) $(LDLIBS) -lcmocka

$(BUILD)/tests/%: tests/unit/%.c $(UNITSUP_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  TEST-CC $<"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $< $(UNITSUP_OBJ) $(LIB) $(LDLIBS) -lcmocka

# Install missing Debian packages (and the sandbox's npm oracle); no-op when present.
deps:
	$(Q)scripts/bootstrap-deps

unit: $(UNIT_BIN)
	$(Q)scripts/run-unit $(UNIT_BIN)

PYTEST_DIRS := $(wildcard tests/sandbox/tests tests/integration tests/ui)
pytest: $(BIN) $(MO)
	$(Q)HEIIKI_BIN=$(abspath $(BIN)) HEIIKI_BUILD=$(abspath $(BUILD)) PYTHON=$(PYTHON) scripts/run-pytest $(PYTEST_DIRS)

# The README's test command: everything, offline.
test: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory lint
	$(Q)$(MAKE) --no-print-directory asan
	$(Q)$(MAKE) --no-print-directory fuzz-short
	$(Q)$(MAKE) --no-print-directory pytest

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" unit

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
build-fuzz/%: tests/fuzz/%.c FORCE
	@mkdir -p build-fuzz
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libheiiki.a
	@[ "$(V)" = 1 ] || echo "  FUZZ-CC $<"
	$(Q)clang $(CPPFLAGS) $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -o $@ $< build-fuzz/libheiiki.a $(LDLIBS)

fuzz-short: $(FUZZ_BIN)
	$(Q)scripts/run-fuzz short $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	$(Q)scripts/run-fuzz long $(FUZZ_BIN)

bench: $(BIN)
	$(Q)HEIIKI_BIN=$(abspath $(BIN)) $(PYTHON) tests/bench/run_all.py

lint:
	$(Q)scripts/lint

# regenerate the translation template after changing user-visible strings
pot:
	$(Q)scripts/pot update

# Build, start the sandbox (seeded with the Tokyo closed-network VPC the first
# time; later runs keep its cloud), open the wizard.  The npm test oracle is not
# needed for the demo.  demo-reseed starts the cloud again from the seed.
demo:
	$(Q)HEIIKI_DEPS_NO_NPM=1 scripts/bootstrap-deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo $(abspath $(BIN))

demo-reseed:
	$(Q)HEIIKI_DEPS_NO_NPM=1 scripts/bootstrap-deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo $(abspath $(BIN)) --reseed

install: $(BIN) $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PREFIX)/share/heiiki
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/heiiki
	install -m 0644 assets/heiiki.1 $(DESTDIR)$(MANDIR)/man1/heiiki.1
	for l in $(PO_LANGS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/heiiki.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/heiiki.mo && \
	  if [ -f assets/heiiki.$$l.1 ]; then install -d $(DESTDIR)$(MANDIR)/$$l/man1 && \
	    install -m 0644 assets/heiiki.$$l.1 $(DESTDIR)$(MANDIR)/$$l/man1/heiiki.1; fi || exit 1; \
	done
	cp -R assets/. $(DESTDIR)$(PREFIX)/share/heiiki/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/heiiki $(DESTDIR)$(MANDIR)/man1/heiiki.1
	for l in $(PO_LANGS); do \
	  rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/heiiki.mo $(DESTDIR)$(MANDIR)/$$l/man1/heiiki.1; \
	done
	rm -rf $(DESTDIR)$(PREFIX)/share/heiiki

clean:
	rm -rf build build-asan build-fuzz

-include $(ENGINE_OBJ:.o=.d) $(UI_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
