#ifndef SURETY_CSODIUM_SHIM_H
#define SURETY_CSODIUM_SHIM_H
#include <sodium.h>
#endif
