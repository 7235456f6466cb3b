build-dev/src/cli/status-output.o: src/cli/status-output.c \
 src/cli/status-output.h include/ephvol.h \
 /usr/include/libsmartcols/libsmartcols.h src/cli/column-list.h \
 src/shared/format-util.h src/cli/log.h src/shared/macro.h \
 src/cli/verbs.h src/shared/ephvol-cleanup.h
src/cli/status-output.h:
include/ephvol.h:
/usr/include/libsmartcols/libsmartcols.h:
src/cli/column-list.h:
src/shared/format-util.h:
src/cli/log.h:
src/shared/macro.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
