# SPDX-License-Identifier: GPL-2.0
#
# sfnic top-level Makefile.
#
#   make                  build every module against the installed Debian
#                         kernel headers (KVER=/KDIR= override)
#   make install          install under /lib/modules/$(KVER)/updates + depmod,
#                         and the udev rule of SFs' RDMA devices
#   make check [T=...]    lint, then run the tests in the VM on the debug
#                         kernel and on Debian's (KERNELS=debug|stock|...)
#   make debug-kernel     build the VM's debug kernel (once per machine)
#   make demo             boot the VM and narrate an end-to-end session
#   make bench            the benchmarks in the VM (tests/bench/)
#   make bench-scale [SCALE_N="16 256 1024 4096"]  the scale benchmark in a
#                         VM of its own sized for it (not in check)
#   make soak [DURATION=1h] [SOAK=stress|fuzz]  the stress test, then the
#                         VFIO fuzzer, each for DURATION (not in check), on
#                         the debug kernel unless KERNELS= says otherwise
#   make lint             checkpatch --strict, kernel-doc, W=1 and C=1 builds
#   make clean
#
# KVER defaults to the newest installed kernel with headers whose version is
# 6.1 (Debian 12's kernel), whatever kernel this machine happens to run.

KVER ?= $(shell $(CURDIR)/tests/vm/kver.sh)
KDIR ?= /lib/modules/$(KVER)/build
# Kernel image booted by the test VM (defaults to the one matching KVER).
KIMAGE ?= /boot/vmlinuz-$(KVER)
O_BUILD ?= $(CURDIR)/build

# Every module of the stack, as Kconfig would select them for "=m".
SFNIC_CONFIG := CONFIG_MDEVC=m CONFIG_MDEVC_VFIO=m CONFIG_MDEVC_VIRTIO=m \
		CONFIG_SFNIC=m CONFIG_SFNIC_SELFTESTS=m

KBUILD := $(MAKE) -C $(KDIR) M=$(CURDIR) $(SFNIC_CONFIG)
# What 'make install' builds and installs: the stack without its test-only
# modules, unsigned (the distribution's signing key is not ours).
KBUILD_INSTALL := $(MAKE) -C $(KDIR) M=$(CURDIR) \
		  $(filter-out CONFIG_SFNIC_SELFTESTS=m,$(SFNIC_CONFIG)) \
		  CONFIG_MODULE_SIG_ALL=

# The kernels 'make check' runs on (tests/check.sh): naming one kernel
# with KVER, KIMAGE or KDIR runs on that one only.
ifneq ($(filter command line environment,$(origin KVER) $(origin KIMAGE) $(origin KDIR)),)
KERNELS ?= custom
endif

export KVER KDIR KIMAGE O_BUILD KERNELS

# Userspace test programs (VFIO client, ...): each tests/<suite>/client/
# folder has a plain Makefile.
PROG_DIRS := $(wildcard $(CURDIR)/tests/*/client)

.PHONY: all modules progs install install-udev clean check demo lint deps \
	check-run demo-run lint-run bench bench-scale debug-kernel soak

all: modules progs

progs:
	+@for d in $(PROG_DIRS); do $(MAKE) --no-print-directory -C $$d || exit 1; done

modules:
	@test -d $(KDIR) || { echo "sfnic: no kernel headers at $(KDIR);" \
		"run 'make deps' or set KDIR=" >&2; exit 1; }
	+$(KBUILD) modules

# INSTALL_MOD_PATH= stages the modules (and the udev rule) elsewhere (no
# depmod nor udev reload then).
install: install-udev
	+$(KBUILD_INSTALL) modules
	+$(KBUILD_INSTALL) INSTALL_MOD_DIR=updates modules_install
	$(if $(INSTALL_MOD_PATH),,depmod -a $(KVER))

# The rule that gives an SF with enable_rdma its RoCE device (udev/).
UDEV_RULES_DIR ?= $(INSTALL_MOD_PATH)/lib/udev/rules.d
install-udev:
	install -D -m 0644 $(CURDIR)/udev/90-sfnic-rdma.rules \
		$(UDEV_RULES_DIR)/90-sfnic-rdma.rules
	$(if $(INSTALL_MOD_PATH),,-udevadm control --reload)

clean:
	-+$(KBUILD) clean 2>/dev/null
	-+@for d in $(PROG_DIRS); do $(MAKE) -s -C $$d clean; done
	rm -rf $(O_BUILD) results

# Fresh-machine setup: installs the packages the build and the VM need.
deps:
	@$(CURDIR)/tests/vm/deps.sh

# The targets below install what they need first, then re-enter make so that
# KVER is computed after the kernel headers are there.
check: deps
	+@$(MAKE) --no-print-directory check-run

demo: deps
	+@$(MAKE) --no-print-directory demo-run

lint: deps
	+@$(MAKE) --no-print-directory lint-run

bench: deps
	+@$(MAKE) --no-print-directory all
	+@$(CURDIR)/tests/vm/run-vm.sh --bench

# On the stock kernel; SCALE_N, SCALE_RUNS, VM_MEM, ... from the environment.
bench-scale: deps
	+@$(MAKE) --no-print-directory all
	+@$(CURDIR)/tests/bench/scale-vm.sh

DURATION ?= 1h
soak: deps
	+@$(MAKE) --no-print-directory all
	+@$(CURDIR)/tests/soak.sh $(DURATION)

debug-kernel: deps
	@$(CURDIR)/tests/vm/debug-kernel.sh

# check.sh runs the lint as its first test when no T= is given.
check-run:
	+@$(CURDIR)/tests/check.sh $(T)

demo-run: all
	+@$(CURDIR)/tests/vm/run-vm.sh --demo

lint-run:
	+@$(CURDIR)/tests/lint.sh
