# Source this file to point the tests at the servers started by infra/test-services.sh.
export RW_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=rw_test;Password=rw_test;Database=postgres"
