/*
 * qemu_plugin_api.h - the few calls of QEMU's TCG plugin interface that
 * the profiler uses, declared here because Debian packages QEMU without
 * its plugin header. They follow version 1 of that interface, the one
 * QEMU 7.2 loads (it refuses a plugin whose qemu_plugin_version it does
 * not know). Only what the profiler calls is declared.
 */
#ifndef QEMU_PLUGIN_API_H
#define QEMU_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLUGIN_API_VERSION 1
#define PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t plugin_id_t;

/* What QEMU tells the plugin about itself when loading it. */
struct plugin_info {
	const char *target_name;
	struct {
		int min, cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus, max_vcpus;
		} system;
	};
};

struct qemu_plugin_tb; /* a translation block being translated */
struct qemu_plugin_insn; /* one guest instruction in it */

enum plugin_cb_flags { PLUGIN_CB_NO_REGS = 0 };
enum plugin_inline_op { PLUGIN_INLINE_ADD_U64 = 0 };

typedef void (*plugin_tb_trans_cb)(plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*plugin_vcpu_udata_cb)(unsigned int vcpu, void *udata);
typedef void (*plugin_udata_cb)(plugin_id_t id, void *udata);

void qemu_plugin_register_vcpu_tb_trans_cb(plugin_id_t id,
					   plugin_tb_trans_cb cb);
void qemu_plugin_register_atexit_cb(plugin_id_t id, plugin_udata_cb cb,
				    void *udata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  plugin_vcpu_udata_cb cb,
					  enum plugin_cb_flags flags,
					  void *udata);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    plugin_vcpu_udata_cb cb,
					    enum plugin_cb_flags flags,
					    void *udata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
						enum plugin_inline_op op,
						void *ptr, uint64_t imm);

#endif
