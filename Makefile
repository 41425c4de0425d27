# ctrace - build, test, demo and benchmark. `make` builds build/ctrace and
# build/libctrace.so; `make check` installs what it needs and runs every test.

PREFIX  ?= /usr/local
CC      ?= cc
B       := build
WARN    := -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 $(WARN) -D_GNU_SOURCE
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Debian packages the build, the tests and the demo need.
DEB_BUILD := gcc make pkg-config libunwind-dev libdw-dev libelf-dev libjansson-dev zlib1g-dev libiberty-dev
DEB_TEST  := jq binutils file g++ clang xz-utils libc6-dbg

PROF_SRC  := prof/ring.c prof/profile_read.c prof/profile_write.c
CMD_SRC   := cmd/main.c cmd/util.c cmd/run.c cmd/recorder.c cmd/info.c cmd/report.c cmd/symbolize.c
SYM_SRC   := $(wildcard symbolize/*.c)
SYM_CORE  := $(filter-out symbolize/annotate.c,$(SYM_SRC))
REPORT_SRC := $(wildcard report/*.c)
SHIM_SRC  := preload/shim.c preload/handler.c preload/engine.c preload/unwind.c \
             preload/interpose.c preload/maps.c preload/phdr.c prof/ring.c
CLI_SRC   := $(CMD_SRC) $(PROF_SRC) $(SYM_SRC) $(REPORT_SRC)
CLI_LIBS  := -ljansson -ldw -lelf -lz -l:libiberty.a
HDRS      := $(wildcard */*.h include/*.h)

PROGS_C   := $(filter-out tests/progs/plugin.c tests/progs/sym-%,$(wildcard tests/progs/*.c))
PROGS_CC  := $(filter-out tests/progs/sym-%,$(wildcard tests/progs/*.cc))
PROGS     := $(patsubst tests/progs/%.c,$(B)/progs/%,$(PROGS_C)) \
             $(patsubst tests/progs/%.cc,$(B)/progs/%,$(PROGS_CC))

.PHONY: all install deps check test-unit test-e2e test-asan test-fuzz demo bench clean

all: $(B)/ctrace $(B)/libctrace.so

$(B)/ctrace: $(CLI_SRC) $(HDRS) | $(B)
	$(CC) $(CFLAGS) -o $@ $(CLI_SRC) $(CLI_LIBS)

# The shim: no libunwind at link time (it is dlopen'ed RTLD_LOCAL), only the
# interposed functions exported.
$(B)/libctrace.so: $(SHIM_SRC) $(HDRS) | $(B)
	$(CC) $(CFLAGS) -fPIC -shared -fvisibility=hidden -o $@ $(SHIM_SRC) -ldl -lpthread

$(B):
	mkdir -p $(B) $(B)/progs $(B)/asan

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/ctrace
	install -m 755 $(B)/ctrace $(DESTDIR)$(PREFIX)/bin/ctrace
	install -m 644 $(B)/libctrace.so $(DESTDIR)$(PREFIX)/lib/ctrace/libctrace.so

# Installs the Debian packages that are missing (nothing when all are there).
deps:
	@missing=""; for p in $(DEB_BUILD) $(DEB_TEST); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# ---- test programs (built without frame pointers, like Debian's own code) ----

# -fno-ipa-icf: the workloads' look-alike functions (parent_work,
# child_work ...) must stay apart for the tests to tell them apart.
PROG_CFLAGS := -O2 -g -fomit-frame-pointer -fno-ipa-icf -Wall -Wno-unused-result -D_GNU_SOURCE

$(B)/progs/%: tests/progs/%.c tests/progs/workload.h | $(B)
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $< -ldl -lpthread -lm
$(B)/progs/%: tests/progs/%.cc tests/progs/workload.h | $(B)
	@mkdir -p $(@D)
	g++ $(PROG_CFLAGS) -o $@ $<
$(B)/progs/static-spin: tests/progs/spin.c tests/progs/workload.h | $(B)
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static -o $@ $<
$(B)/progs/libplug%.so: tests/progs/plugin.c tests/progs/workload.h | $(B)
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -fPIC -shared -DPLUGIN_NAME=plug$* -o $@ $<

# symwork variants: -rdynamic puts exported names in .dynsym for the
# stripped copy; VARIANT=2 is the "rebuilt" binary with another build-id
$(B)/progs/symwork-nopie: tests/progs/symwork.c tests/progs/workload.h | $(B)
	$(CC) $(PROG_CFLAGS) -fno-pie -no-pie -rdynamic -o $@ $<
$(B)/progs/symwork-stripped: $(B)/progs/symwork
	strip -o $@ $<
$(B)/progs/symwork-v2: tests/progs/symwork.c tests/progs/workload.h | $(B)
	$(CC) $(PROG_CFLAGS) -DVARIANT=2 -rdynamic -o $@ $<
$(B)/progs/symwork: tests/progs/symwork.c tests/progs/workload.h | $(B)
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -rdynamic -o $@ $<

PROG_EXTRA := $(B)/progs/static-spin $(B)/progs/libpluga.so $(B)/progs/libplugb.so \
              $(B)/progs/symwork-nopie $(B)/progs/symwork-stripped $(B)/progs/symwork-v2
progs: $(PROGS) $(PROG_EXTRA)

# ---- tests ----

$(B)/unit-tests: tests/unit/unit.c $(PROF_SRC) $(HDRS) | $(B)
	$(CC) $(CFLAGS) $(SAN) -o $@ tests/unit/unit.c $(PROF_SRC) -ljansson -lz

# symbolize/'s unit test and the binaries it inspects (-rdynamic: exported
# names for the stripped copy; .gnu_debuglink for separate debug info)
T := $(B)/t-symbolize
$(T)/t-symbolize: tests/unit/t-symbolize.c $(SYM_CORE) symbolize/*.h tests/progs/sym-c.c tests/progs/sym-cxx.cc | $(B)
	mkdir -p $(T)
	gcc -O2 -g -rdynamic tests/progs/sym-c.c -o $(T)/sym-c
	gcc -O2 -g -rdynamic -DSYM_VARIANT=2 tests/progs/sym-c.c -o $(T)/sym-c-v2
	gcc -O2 -g -rdynamic -fno-pie -no-pie tests/progs/sym-c.c -o $(T)/sym-c-nopie
	g++ -O2 -g tests/progs/sym-cxx.cc -o $(T)/sym-cxx
	strip -o $(T)/sym-c-stripped $(T)/sym-c
	objcopy --only-keep-debug $(T)/sym-c $(T)/sym-c.debug
	strip -o $(T)/sym-c-debuglink $(T)/sym-c
	cd $(T) && objcopy --add-gnu-debuglink=sym-c.debug sym-c-debuglink
	$(CC) $(CFLAGS) $(SAN) -Isymbolize -o $@ $(SYM_CORE) tests/unit/t-symbolize.c -ldw -lelf -l:libiberty.a

$(B)/asan/ctrace: $(CLI_SRC) $(HDRS) | $(B)
	$(CC) $(CFLAGS) $(SAN) -o $@ $(CLI_SRC) $(CLI_LIBS)
$(B)/asan/libctrace.so: $(SHIM_SRC) $(HDRS) | $(B)
	$(CC) $(CFLAGS) -fsanitize=undefined -fno-sanitize-recover=all -fPIC -shared -fvisibility=hidden -o $@ $(SHIM_SRC) -ldl -lpthread

$(B)/fuzz-profile: tests/fuzz/fuzz_profile.c $(PROF_SRC) $(HDRS) | $(B)
	clang -std=gnu11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -o $@ tests/fuzz/fuzz_profile.c $(PROF_SRC) -ljansson -lz

check: deps
	$(MAKE) all progs $(B)/unit-tests $(T)/t-symbolize $(B)/asan/ctrace $(B)/asan/libctrace.so $(B)/fuzz-profile
	tests/run-all.sh

demo: deps
	$(MAKE) all $(B)/progs/demo
	$(B)/ctrace run -o $(B)/demo.prof -- $(B)/progs/demo
	$(B)/ctrace report $(B)/demo.prof --format=folded -o $(B)/demo.folded
	@echo "demo profile: $(B)/demo.prof, folded stacks: $(B)/demo.folded"

# ---- bench (`make bench`, not part of check): bench/run.sh and its programs ----

BENCH_BIN := $(B)/bench/wl $(B)/bench/wl-fp $(B)/bench/timeit $(B)/bench/sigcost $(B)/bench/big/big

bench: deps
	$(MAKE) -j$$(nproc) all $(BENCH_BIN)
	bench/run.sh

# the overhead workload: without frame pointers, and with them for perf -g
BENCH_CFLAGS := -O2 -g -fno-ipa-icf -Wall -Wextra -D_GNU_SOURCE
$(B)/bench/wl: bench/wl.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -fomit-frame-pointer -o $@ $< -lpthread
$(B)/bench/wl-fp: bench/wl.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -fno-omit-frame-pointer -o $@ $< -lpthread
$(B)/bench/timeit $(B)/bench/sigcost: $(B)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

# the symbolization bench's large C++ program: 4 x 800 template
# instantiations generated by bench/gen-big.sh (about a minute of CPU to build)
BIG_TU := 0 1 2 3
BIG_PER := 800
BIG_OBJ := $(patsubst %,$(B)/bench/big/big-%.o,$(BIG_TU) main)
$(B)/bench/big/gen.stamp: bench/gen-big.sh
	bench/gen-big.sh $(@D) $(words $(BIG_TU)) $(BIG_PER)
	touch $@
$(B)/bench/big/big-%.o: $(B)/bench/big/gen.stamp bench/big.h
	g++ -O2 -g -fno-omit-frame-pointer -Ibench -c $(@D)/big-$*.cc -o $@
$(B)/bench/big/big: $(BIG_OBJ)
	g++ -pthread -o $@ $(BIG_OBJ)

clean:
	rm -rf $(B)
