build-dev/src/cli/audit-output.o: src/cli/audit-output.c \
 src/cli/audit-output.h include/ephvol.h \
 /usr/include/libsmartcols/libsmartcols.h src/cli/column-list.h \
 src/cli/log.h src/shared/macro.h
src/cli/audit-output.h:
include/ephvol.h:
/usr/include/libsmartcols/libsmartcols.h:
src/cli/column-list.h:
src/cli/log.h:
src/shared/macro.h:
