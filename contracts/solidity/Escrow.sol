// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Pre-paid charging with escrow (Share&Charge): a driver locks up to a maximum for a session; the settler
///        pays the cost out in splits and refunds the rest in one transaction; an unsettled lock is the driver's again
///        after its timeout. Every lock is closed once; what comes in always equals what goes out.
contract Escrow is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    struct Lock {
        address driver;
        bytes32 stationId;
        uint256 amount;
        uint64 expiresAt;
        bool closed;
    }

    struct Split {
        address payee;
        uint256 amount;
    }

    IERC20 public immutable token;
    mapping(bytes32 sessionRef => Lock) private _locks;

    event Locked(bytes32 indexed sessionRef, address indexed driver, bytes32 indexed stationId, uint256 amount, uint64 expiresAt);
    event Settled(bytes32 indexed sessionRef, uint256 cost, uint256 refunded, uint256 splits);
    event Refunded(bytes32 indexed sessionRef, address indexed driver, uint256 amount);

    error LockExists(bytes32 sessionRef);
    error NoLock(bytes32 sessionRef);
    error AlreadyClosed(bytes32 sessionRef);
    error ZeroAmount();
    error CostExceedsLock(uint256 cost, uint256 locked);
    error SplitsDoNotAddUp(uint256 splits, uint256 cost);
    error NotExpired(uint64 expiresAt);
    error NotDriver(address caller);

    constructor(IERC20 token_, address admin) {
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Locks `amount` of the caller's tokens (approved to this contract) for a session at a station.
    function lock(bytes32 sessionRef, bytes32 stationId, uint256 amount, uint64 timeoutSeconds) external nonReentrant {
        if (_locks[sessionRef].driver != address(0)) revert LockExists(sessionRef);
        if (amount == 0) revert ZeroAmount();
        uint64 expiresAt = uint64(block.timestamp) + timeoutSeconds;
        _locks[sessionRef] = Lock(msg.sender, stationId, amount, expiresAt, false);
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Locked(sessionRef, msg.sender, stationId, amount, expiresAt);
    }

    /// @notice Pays `cost` out to `splits` (they must add up to it) and refunds the rest of the lock to the driver.
    function settle(bytes32 sessionRef, uint256 cost, Split[] calldata splits)
        external
        onlyRole(SETTLER_ROLE)
        nonReentrant
    {
        Lock storage held = _open(sessionRef);
        if (cost > held.amount) revert CostExceedsLock(cost, held.amount);
        uint256 total;
        for (uint256 i = 0; i < splits.length; ++i) total += splits[i].amount;
        if (total != cost) revert SplitsDoNotAddUp(total, cost);
        held.closed = true; // effects before interactions
        for (uint256 i = 0; i < splits.length; ++i) {
            if (splits[i].amount > 0) token.safeTransfer(splits[i].payee, splits[i].amount);
        }
        uint256 refund = held.amount - cost;
        if (refund > 0) token.safeTransfer(held.driver, refund);
        emit Settled(sessionRef, cost, refund, splits.length);
    }

    /// @notice The driver takes back a lock nobody settled before it expired.
    function refundExpired(bytes32 sessionRef) external nonReentrant {
        Lock storage held = _open(sessionRef);
        if (msg.sender != held.driver) revert NotDriver(msg.sender);
        if (block.timestamp < held.expiresAt) revert NotExpired(held.expiresAt);
        held.closed = true;
        token.safeTransfer(held.driver, held.amount);
        emit Refunded(sessionRef, held.driver, held.amount);
    }

    function lockOf(bytes32 sessionRef) external view returns (Lock memory) {
        return _locks[sessionRef];
    }

    function _open(bytes32 sessionRef) private view returns (Lock storage held) {
        held = _locks[sessionRef];
        if (held.driver == address(0)) revert NoLock(sessionRef);
        if (held.closed) revert AlreadyClosed(sessionRef);
    }
}
