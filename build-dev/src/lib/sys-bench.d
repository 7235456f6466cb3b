build-dev/src/lib/sys-bench.o: src/lib/sys-bench.c \
 src/shared/kcapi-name.h src/lib/libephvol-private.h include/ephvol.h \
 src/shared/ephvol-cleanup.h src/shared/macro.h src/shared/sys-kcapi.h \
 src/lib/sys-query.h
src/shared/kcapi-name.h:
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/macro.h:
src/shared/sys-kcapi.h:
src/lib/sys-query.h:
