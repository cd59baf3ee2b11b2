# nmi_handshake.mk - put the NMI handshake into the runner (with fake stores).
KERNEL_SRCS += trace/nmi_handshake.c
