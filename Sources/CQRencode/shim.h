// libqrencode from Debian (libqrencode-dev), reached through a system-library target.
#include <qrencode.h>
