# /etc/profile.d/secretariat.sh: every operator's shell finds the service.
export SECRETARIAT_SOCKET=/run/secretariat/secretariat.sock
