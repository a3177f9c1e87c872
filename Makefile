# amdpm4 — build, test and install.
#
#   make run      install missing dependencies, build, run the main job
#   make check    install missing dependencies, build, run every test
#   make all      build only (assumes dependencies are present)
#   make bench    benchmarks (not tests): tests/bench_*.c, each its own program
#   make fuzz     libFuzzer targets (not tests): tests/fuzz_*.c (clang-19, libfuzzer-19-dev)
#   make install PREFIX=/usr/local
#
# Sources are discovered per directory: adding a .c file to a module needs no
# edit here.  Suites are tests/check_<module>.c, each defining <module>_suite();
# subcommands are tools/cmd_<name>.c, each defining `const struct tool_cmd
# cmd_<name>`; kernels are kernels/*.s; shaders are vkref/shaders/*.comp.

BUILD        ?= build
PREFIX       ?= /usr/local
CC           ?= cc
LLVM_BIN     ?= /usr/lib/llvm-19/bin
LLVM_MC      ?= $(LLVM_BIN)/llvm-mc
LLD          ?= $(LLVM_BIN)/ld.lld
LLVM_OBJDUMP ?= $(LLVM_BIN)/llvm-objdump
LLVM_OBJCOPY ?= $(LLVM_BIN)/llvm-objcopy
LLVM_LIBDIR  ?= /usr/lib/llvm-19/lib
GLSLC        ?= glslc
PKG_CONFIG   ?= pkg-config

# Libraries found with pkg-config.  Recursive (=) so that a sub-make started
# after tools/setup-deps sees freshly installed packages.
LIB_PKGS      = libdrm libdrm_amdgpu libelf msgpack vulkan
PKG_CFLAGS    = $(shell $(PKG_CONFIG) --cflags $(LIB_PKGS) check 2>/dev/null)
PKG_LIBS      = $(shell $(PKG_CONFIG) --libs $(LIB_PKGS))
CHECK_LIBS    = $(shell $(PKG_CONFIG) --libs check)

OPT          ?= -O2 -g
WARN         := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
                -Wno-unused-parameter -Wvla
CFLAGS       ?=
ALL_CFLAGS    = -std=c11 -D_GNU_SOURCE -fPIC -pthread $(OPT) $(WARN) -MMD -MP \
                -I. -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS) \
                -DLLVM_MC_PATH='"$(LLVM_MC)"' -DLLD_PATH='"$(LLD)"' \
                -DLLVM_OBJDUMP_PATH='"$(LLVM_OBJDUMP)"'
LDFLAGS      ?=

# ---------------------------------------------------------------- sources
LIB_DIRS     := pm4 bo isa kernels vkref
LIB_SRCS     := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
SIM_SRCS     := $(wildcard sim/*.c sim/*/*.c)
# The interposer defines libc symbols (open, ioctl, mmap, ...): it lives only
# in the preloaded shared object, never in the static archive used by
# white-box tests.
SIM_INTERPOSE := $(wildcard sim/interpose*.c)
# Tables and decoders the simulator shares with the library: it reads the
# same register/packet/instruction tables, never a copy.
SIM_SHARED   := $(wildcard pm4/pm4_table.c pm4/pm4_decode.c pm4/sdma_table.c \
                           isa/isa_table.c isa/isa_decode.c isa/isa_disasm.c)
TOOL_SRCS    := $(wildcard tools/*.c)
TOOL_CMDS    := $(patsubst tools/cmd_%.c,%,$(wildcard tools/cmd_*.c))
TEST_SRCS    := $(filter-out tests/bench_%.c tests/fuzz_%.c,$(wildcard tests/*.c))
# Benchmarks (`make bench`, never tests): each tests/bench_<name>.c is its own
# program, linked like the test runner.
BENCH_SRCS   := $(wildcard tests/bench_*.c)
BENCH_BINS   := $(patsubst tests/bench_%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
TEST_SUITES  := $(patsubst tests/check_%.c,%,$(wildcard tests/check_*.c))
KERNEL_SRCS  := $(wildcard kernels/*.s)
KERNEL_COS   := $(patsubst kernels/%.s,$(BUILD)/kernels/%.co,$(KERNEL_SRCS))
SHADER_SRCS  := $(wildcard vkref/shaders/*.comp)
SHADER_SPVS  := $(patsubst vkref/shaders/%.comp,$(BUILD)/spv/%.spv,$(SHADER_SRCS))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB_OBJS     := $(call obj,$(LIB_SRCS)) $(BUILD)/obj/gen/kernels_embed.o \
                $(BUILD)/obj/gen/shaders_embed.o
SIM_OBJS     := $(call obj,$(filter-out $(SIM_INTERPOSE),$(SIM_SRCS)) $(SIM_SHARED))
SIM_IP_OBJS  := $(call obj,$(SIM_INTERPOSE))
TOOL_OBJS    := $(call obj,$(TOOL_SRCS))
TEST_OBJS    := $(call obj,$(TEST_SRCS))

LIB_SO       := $(BUILD)/libamdpm4.so
LIB_A        := $(BUILD)/libamdpm4.a
SIM_SO       := $(BUILD)/libamdpm4sim.so
SIM_A        := $(BUILD)/libamdpm4sim.a
TOOL         := $(BUILD)/amdpm4
TEST_BIN     := $(BUILD)/tests/check_all
GEN_HDRS     := $(BUILD)/gen/tool_cmds.h $(BUILD)/gen/test_suites.h

.PHONY: all run check test bench fuzz fuzz-run deps deps-fuzz install clean
.DEFAULT_GOAL := all

all: $(LIB_SO) $(LIB_A) $(SIM_SO) $(SIM_A) $(TOOL) $(KERNEL_COS)

# ---------------------------------------------------------------- the two set-up commands
deps:
	@tools/setup-deps

run: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory main-job

check: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@$(MAKE) --no-print-directory test

# The main job: a short tour on the default device (tools/tour): info,
# check of three ops on the PM4 path vs Vulkan vs the CPU reference, a brief
# bench overhead, a summary table.
.PHONY: main-job
main-job: $(TOOL) $(SIM_SO)
	@tools/tour $(TOOL)

# Every suite runs under the simulated gfx1100: the simulator passes through
# everything that is not its device node.  CK_RUN_SUITE=<module> runs one.
test: $(TEST_BIN) $(SIM_SO) $(TOOL) $(KERNEL_COS)
	cd $(CURDIR) && AMDPM4_BUILD=$(CURDIR)/$(BUILD) LD_PRELOAD=$(CURDIR)/$(SIM_SO) $(TEST_BIN)

bench: all $(BENCH_BINS)
	@set -e; for b in $(BENCH_BINS); do echo "== $$b"; LD_PRELOAD=$(CURDIR)/$(SIM_SO) $$b; done

# Fuzzing (`make fuzz`, never a test): each tests/fuzz_<name>.c is a libFuzzer
# target built with clang-19 over the library sources, seeded with
# tests/fuzz_<name>.s (assembled) and the kernels (for exec also their .text
# behind a launch header), run FUZZ_SECONDS each.
# UBSan traps need no runtime; `tools/setup-deps fuzz` installs libclang-rt-19-dev
# too, for ASan:
#   make fuzz FUZZ_SAN=fuzzer-no-link,address,undefined FUZZ_LDFLAGS=-fsanitize=address
FUZZ_CC      ?= $(LLVM_BIN)/clang
FUZZ_SAN     ?= fuzzer-no-link,undefined
FUZZ_LDFLAGS ?= -fno-sanitize-link-runtime
FUZZ_SECONDS ?= 60
FUZZ_BINS    := $(patsubst tests/fuzz_%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz_*.c))

fuzz: deps-fuzz
	@$(MAKE) --no-print-directory fuzz-run

deps-fuzz:
	@tools/setup-deps fuzz

fuzz-run: $(FUZZ_BINS) $(KERNEL_COS)
	@set -e; for f in $(FUZZ_BINS); do n=$${f##*/}; c=$(BUILD)/fuzz/corpus-$$n; \
	    mkdir -p $$c; for k in $(KERNEL_COS); do cp $$k $$c/; done; \
	    if [ -f tests/fuzz_$$n.s ]; then \
	        $(LLVM_MC) -triple=amdgcn-amd-amdhsa -mcpu=gfx1100 -filetype=obj \
	            -o $(BUILD)/fuzz/seed-$$n.o tests/fuzz_$$n.s; \
	        $(LLD) -shared -o $$c/seed.co $(BUILD)/fuzz/seed-$$n.o; fi; \
	    if [ $$n = exec ]; then for k in $(KERNEL_COS); do \
	        $(LLVM_OBJCOPY) -O binary --only-section=.text $$k $(BUILD)/fuzz/text.bin; \
	        { printf '\037\002\003\200\177\000\000\360\003\001\002\003'; \
	          cat $(BUILD)/fuzz/text.bin; } > $$c/text-$${k##*/}; done; fi; \
	    echo "== $$f ($(FUZZ_SECONDS) s)"; $$f -max_total_time=$(FUZZ_SECONDS) $$c; done

$(BUILD)/fuzz/%: tests/fuzz_%.c $(LIB_SRCS) $(BUILD)/obj/gen/kernels_embed.o \
                 $(BUILD)/obj/gen/shaders_embed.o | $(GEN_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Wno-unused-parameter \
	    -fsanitize=$(FUZZ_SAN) \
	    -fsanitize-trap=undefined -I. -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) \
	    -DLLVM_MC_PATH='"$(LLVM_MC)"' -DLLD_PATH='"$(LLD)"' -o $@ $^ \
	    $(LLVM_LIBDIR)/libFuzzer.a -lstdc++ $(FUZZ_LDFLAGS) $(PKG_LIBS) -lm -lpthread

# fuzz_exec drives the wave executor through tests/exec_harness.c: it also
# takes the simulator (without its interposer) and the harness.
$(BUILD)/fuzz/exec: $(filter-out $(SIM_INTERPOSE),$(SIM_SRCS)) tests/exec_harness.c tests/isa_rand.c \
                    tests/testutil.c

# ---------------------------------------------------------------- compile
# The suites see LLVM-C's headers (the disassembler oracle); nothing else does.
LLVM_INCDIR  ?= /usr/lib/llvm-19/include
$(BUILD)/obj/tests/%.o: ALL_CFLAGS += -isystem $(LLVM_INCDIR)

$(BUILD)/obj/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The wave executor's lane loops need the vectoriser's full cost model.
$(BUILD)/obj/sim/exec%.o: ALL_CFLAGS += -O3

# The simulator is built with hidden visibility: only the interposed libc
# entry points leave the shared object (sim/sim.map).
$(SIM_SO): $(SIM_OBJS) $(SIM_IP_OBJS) sim/sim.map
	@mkdir -p $(@D)
	$(CC) -shared -pthread -Wl,--version-script=sim/sim.map -Wl,-z,defs $(LDFLAGS) \
	    -o $@ $(SIM_OBJS) $(SIM_IP_OBJS) -ldl -lm

$(SIM_A): $(SIM_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(LIB_A): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -pthread -Wl,-soname,libamdpm4.so $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(TOOL): $(TOOL_OBJS) $(LIB_A)
	$(CC) -pthread $(LDFLAGS) -o $@ $(TOOL_OBJS) $(LIB_A) $(PKG_LIBS) -lm

# The test runner links the library, the simulator's internals (white-box
# suites) and libLLVM-19 (the disassembler oracle).
$(TEST_BIN): $(TEST_OBJS) $(LIB_A) $(SIM_A)
	@mkdir -p $(@D)
	$(CC) -pthread $(LDFLAGS) -o $@ $(TEST_OBJS) $(LIB_A) $(SIM_A) $(PKG_LIBS) $(CHECK_LIBS) \
	    -L$(LLVM_LIBDIR) -Wl,-rpath,$(LLVM_LIBDIR) -lLLVM-19 -ldl -lm

# Helper sources of the suites (tests/*.c that are no suite, runner or
# benchmark) are linked into every benchmark too.
TEST_HELPER_OBJS := $(call obj,$(filter-out tests/check_%.c tests/runner.c,$(TEST_SRCS)))
$(BUILD)/bench/%: $(BUILD)/obj/tests/bench_%.o $(TEST_HELPER_OBJS) $(LIB_A) $(SIM_A)
	@mkdir -p $(@D)
	$(CC) -pthread $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) -ldl -lm

# ---------------------------------------------------------------- generated tables
# Each list is rewritten only when its contents change, so adding a file
# rebuilds what includes it and nothing else.
define write-if-changed
	@mkdir -p $(@D)
	@printf '%b' $(1) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
endef

$(BUILD)/gen/tool_cmds.h: FORCE
	$(call write-if-changed,'/* do not edit: generated by the Makefile from tools/cmd_*.c */\n$(foreach c,$(TOOL_CMDS),TOOL_CMD($(c))\n)')

$(BUILD)/gen/test_suites.h: FORCE
	$(call write-if-changed,'/* do not edit: generated by the Makefile from tests/check_*.c */\n$(foreach s,$(TEST_SUITES),TEST_SUITE($(s))\n)')

.PHONY: FORCE
FORCE:

# ---------------------------------------------------------------- kernels (llvm-mc 19 + ld.lld 19)
# kernels/*.inc: macros the kernels share (.include "kernels/NAME.inc").
$(BUILD)/kernels/%.o: kernels/%.s $(wildcard kernels/*.inc)
	@mkdir -p $(@D)
	$(LLVM_MC) -triple=amdgcn-amd-amdhsa -mcpu=gfx1100 -filetype=obj -o $@ $<

$(BUILD)/kernels/%.co: $(BUILD)/kernels/%.o
	$(LLD) -shared --no-undefined -o $@ $<

$(BUILD)/gen/kernels_embed.S: $(KERNEL_COS) tools/gen-embed FORCE
	@mkdir -p $(@D)
	@tools/gen-embed amdpm4_kernel_blobs $(KERNEL_COS) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# ---------------------------------------------------------------- shaders (glslc)
$(BUILD)/spv/%.spv: vkref/shaders/%.comp $(wildcard vkref/shaders/*.glsl)
	@mkdir -p $(@D)
	$(GLSLC) --target-env=vulkan1.1 -O -o $@ $<

$(BUILD)/gen/shaders_embed.S: $(SHADER_SPVS) tools/gen-embed FORCE
	@mkdir -p $(@D)
	@tools/gen-embed amdpm4_shader_blobs $(SHADER_SPVS) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.S
	@mkdir -p $(@D)
	$(CC) -c -fPIC -o $@ $<

# The .S files name the blobs (.incbin) and stay unchanged when only a
# blob's contents change: the objects depend on the blobs themselves.
$(BUILD)/obj/gen/kernels_embed.o: $(KERNEL_COS)
$(BUILD)/obj/gen/shaders_embed.o: $(SHADER_SPVS)

# ---------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/amdpm4
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIB_SO) $(SIM_SO) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/amdpm4.h $(DESTDIR)$(PREFIX)/include/
	sed -e 's|@PREFIX@|$(PREFIX)|' tools/amdpm4.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/amdpm4.pc

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
