build-dev/src/lib/sys-query.o: src/lib/sys-query.c src/lib/sys-query.h \
 src/lib/libephvol-private.h include/ephvol.h src/shared/ephvol-cleanup.h \
 src/shared/macro.h /usr/include/blkid/blkid.h src/shared/run-paths.h
src/lib/sys-query.h:
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/macro.h:
/usr/include/blkid/blkid.h:
src/shared/run-paths.h:
